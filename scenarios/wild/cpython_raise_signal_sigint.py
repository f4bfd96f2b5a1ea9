# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L1389-L1416
# adapted: RaiseSignalTest.test_sigint (L1391-L1393) and test_handler (L1407-L1416) made a module-level script (the Windows-only test between them left out); self.assertRaises(KeyboardInterrupt) → try/except KeyboardInterrupt that prints; nonlocal → global; self.addCleanup → restore at the end; self.assertTrue → assert
import signal

def test_sigint():
    try:
        signal.raise_signal(signal.SIGINT)
    except KeyboardInterrupt:
        print("KeyboardInterrupt")

is_ok = False

def test_handler():
    def handler(a, b):
        global is_ok
        is_ok = True
    old_signal = signal.signal(signal.SIGINT, handler)

    signal.raise_signal(signal.SIGINT)
    assert is_ok
    signal.signal(signal.SIGINT, old_signal)

test_sigint()
test_handler()
