# The fix for lost-wakeup.py: the consumer waits for the data, not for the
# notification. cond.wait_for(lambda: data) tests it under the lock first, so
# a notify() that came before the wait is not needed.
# expect-hazard: none
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
        cond.wait_for(lambda: data)
        print("consumer got", data)


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
p.join()
c.join()
print("done")
