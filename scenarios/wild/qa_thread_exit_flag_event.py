# source: https://code-examples.net/en/q/4f184
# adapted: re-typed ("Thread-Safe Flags" snippet); the worker sleeps 0.1 s per loop and main sets the flag after 0.35 s ("Later, when you want to terminate the thread")
import threading
import time

def worker_thread():
    while not thread_exit_flag.is_set():
        # Do your work here
        time.sleep(0.1)
    print("Thread exiting")

thread_exit_flag = threading.Event()
thread = threading.Thread(target=worker_thread)
thread.start()

# Later, when you want to terminate the thread:
time.sleep(0.35)
thread_exit_flag.set()
thread.join()
