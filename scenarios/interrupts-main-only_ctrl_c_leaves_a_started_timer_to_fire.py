# pythread: ctrl-c
# A threading.Timer is a thread that waits on an Event for its interval,
# then calls its function with its arguments (here a bound method). Ctrl-C
# goes to the main thread only: its KeyboardInterrupt ends main's sleep,
# and the timer, a non-daemon thread, still fires while threading._shutdown
# joins it. Only `cancel()` stops a timer, even one cancelled before it
# starts (its Event is set: it never waits).
# Several outcomes: Ctrl-C comes before or after the timer fires, and may
# land during the shutdown's join.
import threading
import time


class Greeter:
    def __init__(self, name):
        self.name = name

    def greet(self, greeting):
        print(greeting, self.name)


g = Greeter("timer")
quiet = threading.Timer(0.5, lambda: print("never"))
quiet.cancel()
quiet.start()
quiet.join()
t = threading.Timer(0.5, g.greet, args=("hello",))
t.start()
try:
    time.sleep(1)
except KeyboardInterrupt:
    print("main interrupted")
