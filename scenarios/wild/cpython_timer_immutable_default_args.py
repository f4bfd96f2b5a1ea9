# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1567-L1593
# adapted: TimerTests.setUp, test_init_immutable_default_args and _callback_spy made a module-level script (self.callback_args / self.callback_event → globals); self.assertEqual → assert
import threading

callback_args = []
callback_event = threading.Event()

def _callback_spy(*args, **kwargs):
    callback_args.append((args[:], kwargs.copy()))
    callback_event.set()

# Issue 17435: constructor defaults were mutable objects, they could be
# mutated via the object attributes and affect other Timer objects.
timer1 = threading.Timer(0.01, _callback_spy)
timer1.start()
callback_event.wait()
timer1.args.append("blah")
timer1.kwargs["foo"] = "bar"
callback_event.clear()
timer2 = threading.Timer(0.01, _callback_spy)
timer2.start()
callback_event.wait()
assert len(callback_args) == 2
assert callback_args == [((), {}), ((), {})]
timer1.join()
timer2.join()
