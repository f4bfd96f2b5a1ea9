# expect: 5:30 error: handler `h` must take (signum, frame)
import signal
def h():
    pass
signal.signal(signal.SIGINT, h)
