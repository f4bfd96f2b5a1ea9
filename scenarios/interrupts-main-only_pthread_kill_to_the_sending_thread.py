# A worker sends SIGUSR1 to its own thread with
# signal.pthread_kill(threading.get_ident(), ...). The C handler runs on
# the worker, but the Python handler still runs in the main thread, at its
# next check point (here: when its sleep is interrupted and the handler
# runs before the sleep resumes). Then the main thread signals itself.
import signal
import threading
import time

seen = []


def handler(signum, frame):
    seen.append(threading.current_thread().name)


def worker():
    signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)


signal.signal(signal.SIGUSR1, handler)
t = threading.Thread(target=worker, name="sender")
t.start()
time.sleep(0.2)
t.join()
signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
print(f"handler ran in: {seen}")
