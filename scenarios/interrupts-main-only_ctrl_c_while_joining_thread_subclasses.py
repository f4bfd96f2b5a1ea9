# pythread: ctrl-c
# Two workers written as subclasses of Thread, one with no `__init__` (its
# constructor's keywords go to Thread's) and one whose `__init__` calls
# `super().__init__()`. Ctrl-C lands in the main thread's join; the workers
# go on (the sleeper is a daemon and is killed at exit).
import threading
import time


class Sleeper(threading.Thread):
    def run(self):
        time.sleep(0.3)
        print(f"{self.name} woke")


class Pinger(Sleeper):
    def __init__(self, count):
        super().__init__()
        self.count = count

    def run(self):
        for i in range(self.count):
            print(f"{self.name} ping {i}")
            time.sleep(0.1)


s = Sleeper(daemon=True)
p = Pinger(2)
s.start()
p.start()
try:
    p.join()
    s.join()
except KeyboardInterrupt:
    print(f"interrupted; sleeper alive: {s.is_alive()} {s.daemon}")
