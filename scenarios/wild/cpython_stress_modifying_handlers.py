# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L1329-L1386
# adapted: test method body made a module-level script (nonlocal → global); support.catch_unraisable_exception() → sys.unraisablehook swapped for a list's append in try/finally; self.addCleanup → restore at the end; self.assertX → assert
import signal
import sys
import threading

# bpo-43406: race condition between trip_signal() and signal.signal
signum = signal.SIGUSR1
num_sent_signals = 0
num_received_signals = 0
do_stop = False

def custom_handler(signum, frame):
    global num_received_signals
    num_received_signals += 1

def set_interrupts():
    global num_sent_signals
    while not do_stop:
        signal.raise_signal(signum)
        num_sent_signals += 1

def cycle_handlers():
    while num_sent_signals < 100 or num_received_signals < 1:
        for i in range(20000):
            # Cycle between a Python-defined and a non-Python handler
            for handler in [custom_handler, signal.SIG_IGN]:
                signal.signal(signum, handler)

old_handler = signal.signal(signum, custom_handler)

t = threading.Thread(target=set_interrupts)
try:
    ignored = False
    unraisable = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        t.start()
        cycle_handlers()
        do_stop = True
        t.join()

        if unraisable:
            # An unraisable exception may be printed out when
            # a signal is ignored due to the aforementioned
            # race condition, check it.
            assert isinstance(unraisable[0].exc_value, OSError)
            assert (f"Signal {signum:d} ignored due to race condition"
                    in str(unraisable[0].exc_value))
            ignored = True
    finally:
        sys.unraisablehook = old_hook
        unraisable = None

    # bpo-43406: Even if it is unlikely, it's technically possible that
    # all signals were ignored because of race conditions.
    if not ignored:
        # Sanity check that some signals were received, but not all
        assert num_received_signals > 0
    assert num_received_signals <= num_sent_signals
finally:
    do_stop = True
    t.join()
    signal.signal(signum, old_handler)
