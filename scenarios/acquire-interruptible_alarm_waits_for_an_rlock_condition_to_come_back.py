# The main thread waits 0.2 s on a threading.Condition() (an RLock); a
# worker takes the condition as soon as main lets it go and holds it 1 s.
# When main's wait times out, Condition.wait takes the RLock back with the
# RLock's C method `_acquire_restore`, a wait that no signal ends on any
# platform or version (CP39): the SIGALRM due at 0.5 s has its handler run
# only once the worker lets go, and the handler's exception leaves wait()
# with the RLock held again, so `with cond:` lets it go cleanly.
# (On a Condition(threading.Lock()) the alarm ends that wait at 0.5 s.)
import signal
import threading
import time

cond = threading.Condition()
log = []


class Alarm(Exception):
    pass


def handler(signum, frame):
    log.append("handler")
    raise Alarm()


def worker():
    with cond:
        log.append("worker has it")
        time.sleep(1)
        log.append("worker lets go")


signal.signal(signal.SIGALRM, handler)
t = threading.Thread(target=worker)
with cond:
    t.start()
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        cond.wait(0.2)
    except Alarm:
        print("alarm; owned:", cond._is_owned())
t.join()
print(log)
