# source: https://runebook.dev/en/docs/python/library/threading/threading.Thread.daemon
# adapted: re-typed; both snippets of the page in one script (the daemon worker is abandoned at exit, the joined cleanup_task finishes); sleeps shortened from 3 s / 2 s to 1 s / 0.5 s
import threading
import time

def worker():
    print("Worker thread starting...")
    time.sleep(1) # Simulate some work
    print("Worker thread finished.")

def cleanup_task():
    print("Cleanup task starting...")
    # Simulate a critical operation that MUST finish
    time.sleep(0.5)
    print("Cleanup task finished and successful.")

t = threading.Thread(target=worker, daemon=True) # Set as daemon
t.start()
time.sleep(0.1)

c = threading.Thread(target=cleanup_task, daemon=True)
c.start()
c.join()
print("Main thread exiting.")
# The program exits here without waiting for 't' to finish,
# because it's a daemon thread and the main thread (the only non-daemon) is done.
