# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L760-L806
# adapted: ItimerTest.setUp / sig_alrm / tearDown and test_itimer_real made a module-level script (self.hndl_called → a global); self.assertEqual → assert
import signal

hndl_called = False

def sig_alrm(*args):
    global hndl_called
    hndl_called = True

old_alarm = signal.signal(signal.SIGALRM, sig_alrm)

itimer = signal.ITIMER_REAL
signal.setitimer(itimer, 1.0)
signal.pause()
assert hndl_called == True

signal.signal(signal.SIGALRM, old_alarm)
# just ensure that itimer is stopped
signal.setitimer(itimer, 0)
