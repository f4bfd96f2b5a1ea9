# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1384-L1407
# adapted: the "-c" script string of test_print_exception_stderr_is_none_2 extracted
if True:
    import sys
    import threading
    import time

    running = False
    def run():
        global running
        running = True
        while running:
            time.sleep(0.01)
        1/0
    sys.stderr = None
    t = threading.Thread(target=run)
    t.start()
    while not running:
        time.sleep(0.01)
    running = False
    t.join()
