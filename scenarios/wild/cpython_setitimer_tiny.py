# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L760-L860
# adapted: ItimerTest.setUp / sig_alrm / tearDown and test_setitimer_tiny (L853-L860) made a module-level script (self.hndl_called → a global); self.assertEqual → assert
import signal
import time

hndl_called = False

def sig_alrm(*args):
    global hndl_called
    hndl_called = True

old_alarm = signal.signal(signal.SIGALRM, sig_alrm)

# bpo-30807: C setitimer() takes a microsecond-resolution interval.
# Check that float -> timeval conversion doesn't round
# the interval down to zero, which would disable the timer.
itimer = signal.ITIMER_REAL
signal.setitimer(itimer, 1e-6)
time.sleep(1)
assert hndl_called == True

signal.signal(signal.SIGALRM, old_alarm)
# just ensure that itimer is stopped
signal.setitimer(itimer, 0)
