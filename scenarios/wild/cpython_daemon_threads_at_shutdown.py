# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1086
# adapted: the file read/write to os.devnull and random.random() sleep replaced by time.sleep(0.0005); no files, deterministic
if True:
    import os
    import sys
    import time
    import threading

    thread_has_run = set()

    def random_io():
        '''Loop for a while sleeping random tiny amounts and doing some I/O.'''
        while True:
            time.sleep(0.0005)
            thread_has_run.add(threading.current_thread())

    def main():
        count = 0
        for _ in range(40):
            new_thread = threading.Thread(target=random_io)
            new_thread.daemon = True
            new_thread.start()
            count += 1
        while len(thread_has_run) < count:
            time.sleep(0.001)
        # Trigger process shutdown
        sys.exit(0)

    main()
