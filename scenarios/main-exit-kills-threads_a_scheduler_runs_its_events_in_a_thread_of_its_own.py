# A sched.scheduler run by a threading.Thread: its events run in time
# order (priority first among events at the same time), a cancelled one
# never runs, and the thread is no daemon, so the interpreter waits for
# the last event before it exits.
import sched
import threading
import time


def say(what, n=0):
    print("event", what, n, threading.current_thread().name)


s = sched.scheduler()
s.enter(0.2, 1, say, ("late",))
cancelled = s.enter(0.1, 1, say, ("cancelled",))
s.enter(0.1, 0, say, ("first",), {"n": 1})
s.enterabs(time.monotonic() + 0.15, 1, say, ("absolute",))
s.cancel(cancelled)
print("empty:", s.empty())
t = threading.Thread(target=s.run, name="runner")
t.start()
print("main done")
