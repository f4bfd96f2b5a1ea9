# A Thread subclass passes its own *args and **kwargs on to
# Thread.__init__, as many real subclasses do: the name, the target and
# its arguments reach the thread, which is no daemon, so the interpreter
# waits for it at exit. A Timer calls its function with args and kwargs;
# calls with **kwargs bind by name wherever they are made.
import threading
import time

calls = []


def record(*args, **kwargs):
    time.sleep(0.05)
    calls.append((args[1:], sorted(kwargs)))
    print("call", args[:1], kwargs.copy())


class Worker(threading.Thread):
    def __init__(self, *args, **kwargs):
        threading.Thread.__init__(self, *args, **kwargs)
        self.options = kwargs.copy()


w = Worker(target=record, name="worker-1", args=(1, 2), kwargs={"mode": "fast"})
print(w.name, sorted(w.options))
timer = threading.Timer(0.01, record, args=[3], kwargs={"late": True})
timer.start()
timer.join()
record(4, x=5)
again = record
again(6, *[7], **{"k": 8})
print(calls)
print({**w.options, "name": "renamed"}["name"], len({**w.options, **{"extra": 1}}))
w.start()
print("main done")
