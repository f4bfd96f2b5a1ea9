# Caveat 3, ownership rules: the owner of an RLock re-acquires it without
# blocking (even acquire(False) succeeds); another thread cannot release it.
# Expected (Linux CPython):
#   owner: acquire() True acquire(False) True
#   other thread: RuntimeError cannot release un-acquired lock
#   owner: released twice; acquire(False) from another thread now: True
#   (exit 0)
import threading

rlock = threading.RLock()


def other():
    try:
        rlock.release()
    except RuntimeError as e:
        print("other thread: RuntimeError", e)


def probe():
    print("owner: released twice; acquire(False) from another thread now:", rlock.acquire(False))


a = rlock.acquire()
b = rlock.acquire(False)
print("owner: acquire()", a, "acquire(False)", b)
t = threading.Thread(target=other)
t.start()
t.join()
rlock.release()
rlock.release()
t2 = threading.Thread(target=probe)
t2.start()
t2.join()
