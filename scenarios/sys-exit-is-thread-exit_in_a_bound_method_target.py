# Threads whose targets are bound methods (`target=job.run_steps`), run
# with the method's default argument, and a function handed around as a
# value (`on_done`). sys.exit() in the second job ends only its thread,
# quietly (threading's excepthook ignores SystemExit): main goes on.
import sys
import threading


class Job:
    def __init__(self, steps, on_done):
        self.steps = steps
        self.on_done = on_done

    def run_steps(self, limit=2):
        for i in range(self.steps):
            if i == limit:
                sys.exit("stopped")
            print("step", i)
        self.on_done(self.steps)


def report(n, prefix="done:"):
    print(prefix, n)


jobs = [Job(1, report), Job(3, report)]
threads = [threading.Thread(target=j.run_steps) for j in jobs]
for t in threads:
    t.start()
    t.join()
print("main goes on:", threads[1].name)
