# A worker written as a subclass of Thread keeps its progress in objects:
# the main thread waits 0.15 s for it, prints what it sees, and exits. The
# worker is a daemon still in its loop: it is killed there, and neither
# "worker done" nor its `finally` is printed.
import threading
import time


class Progress:
    total = 0

    def __init__(self, label):
        self.label = label
        self.done = self.total

    def step(self):
        self.done += 1
        return self.done


class CountedProgress(Progress):
    def __init__(self, label, limit):
        super().__init__(label)
        self.limit = limit

    def step(self):
        n = Progress.step(self)
        return n < self.limit


class Worker(threading.Thread):
    def __init__(self, progress):
        threading.Thread.__init__(self, daemon=True, name="worker")
        self.progress = progress

    def run(self):
        try:
            while self.progress.step():
                time.sleep(0.1)
            print("worker done")
        finally:
            print("worker cleanup")


p = CountedProgress("job", 3)
w = Worker(p)
w.start()
w.join(0.15)
print(w.name, p.label, "alive:", w.is_alive(), "steps:", p.done)
