# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L373-L404
# adapted: the "-c" script string of test_finalize_running_thread extracted (the test expects exit status 42)
if 1:
    import ctypes, sys, time, _thread

    # This lock is used as a simple event variable.
    ready = _thread.allocate_lock()
    ready.acquire()

    # Module globals are cleared before __del__ is run
    # So we save the functions in class dict
    class C:
        ensure = ctypes.pythonapi.PyGILState_Ensure
        release = ctypes.pythonapi.PyGILState_Release
        def __del__(self):
            state = self.ensure()
            self.release(state)

    def waitingThread():
        x = C()
        ready.release()
        time.sleep(100)

    _thread.start_new_thread(waitingThread, ())
    ready.acquire()  # Be sure the other thread is waiting.
    sys.exit(42)
