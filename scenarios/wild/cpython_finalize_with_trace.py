# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L409
if 1:
    import sys, threading

    # A deadlock-killer, to prevent the
    # testsuite to hang forever
    def killer():
        import os, time
        time.sleep(2)
        print('program blocked; aborting')
        os._exit(2)
    t = threading.Thread(target=killer)
    t.daemon = True
    t.start()

    # This is the trace function
    def func(frame, event, arg):
        threading.current_thread()
        return func

    sys.settrace(func)
