# Hazard lost-wakeup: a notify() that no waiter sees is lost.
# expect-hazard: lost-wakeup on */*/*
# The producer appends the result and calls cond.notify() at once; the
# consumer starts waiting only 0.1 s later. No thread waited when notify()
# ran, so the notification is lost: the consumer's cond.wait() waits
# forever, and so does the main thread's join.
# Remedy: wait for a state, not for a notification: test the data under the
# lock with cond.wait_for(lambda: data) (lost-wakeup_fixed.py).
import threading
import time

cond = threading.Condition()
data = []


def producer():
    with cond:
        data.append("result")
        cond.notify()


def consumer():
    time.sleep(0.1)
    with cond:
        cond.wait()
        print("consumer got", data)


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
p.join()
c.join()
print("done")
