# pythread: ctrl-c
# An object keeps its lock in an attribute. A named worker holds it for
# 0.5 s; the main thread waits for it in `self.lock.acquire()`. Ctrl-C
# interrupts that wait on POSIX (and on Windows from 3.14); on Windows
# before 3.14 the KeyboardInterrupt comes only when the worker lets go.
import threading
import time


class Jobs:
    def __init__(self):
        self.lock = threading.Lock()
        self.done = []

    def work(self, n):
        with self.lock:
            time.sleep(0.5)
            self.done.append(n)

    def wait_idle(self):
        self.lock.acquire()
        self.lock.release()
        return len(self.done)


def run_job(jobs):
    jobs.work(1)
    print(f"{threading.current_thread().name} finished")


jobs = Jobs()
worker = threading.Thread(target=run_job, args=(jobs,), name="job-runner")
worker.start()
time.sleep(0.1)
try:
    print(f"idle after {jobs.wait_idle()} job(s)")
except KeyboardInterrupt:
    print(f"interrupted while waiting for {worker.name}")
