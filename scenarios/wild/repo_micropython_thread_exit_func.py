# source: https://github.com/micropython/micropython/blob/HEAD/tests/thread/thread_exit1.py
# adapted: re-typed; the utime fallback import dropped; the final wait shortened from 1 s to 0.2 s
# test _thread.exit() function
import time
import _thread


def thread_entry():
    _thread.exit()


for i in range(2):
    while True:
        try:
            _thread.start_new_thread(thread_entry, ())
            break
        except OSError:
            pass

# wait for threads to finish
time.sleep(0.2)
print("done")
