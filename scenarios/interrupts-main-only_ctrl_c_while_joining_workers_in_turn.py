# The usual ending of a script with workers: join each in turn. Ctrl-C
# lands in the main thread only, in whichever join it is waiting in; the
# workers go on (they are not daemons), and the shutdown still joins them.
# pythread: ctrl-c
import threading
import time


def worker(name, seconds):
    time.sleep(seconds)
    print(name, "done")


t1 = threading.Thread(target=worker, args=("t1", 0.3))
t2 = threading.Thread(target=worker, args=("t2", 0.8))
for t in (t1, t2):
    t.start()
try:
    for t in [t1, t2]:
        t.join()
        print("main: joined one")
except KeyboardInterrupt:
    print("main: interrupted")
for label in ("a", "b"):
    print("main: done", label)
