# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1356
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
    t = threading.Thread(target=run)
    t.start()
    while not running:
        time.sleep(0.01)
    sys.stderr = None
    running = False
    t.join()
