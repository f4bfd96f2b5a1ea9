# source: https://github.com/micropython/micropython/blob/44b549fb8300f03474257dc822f66bf64930d355/tests/thread/thread_exit2.py
# adapted: re-typed; the utime fallback import dropped; the final wait shortened from 1 s to 0.2 s
# test raising SystemExit to finish a thread
import time
import _thread


def thread_entry():
    raise SystemExit


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
