# CPython: Lib/test/test_threading.py InterruptMainTests.test_interrupt_main_with_signal_handler
# interrupt_main(signal.SIGTERM) with a Python handler installed runs that
# handler (in the main thread, at once); its exception propagates. (The test's
# handler does 1/0; here it raises a class of the script.)
# Expected (Linux CPython):
#   handler: called for SIGTERM
#   main: HandlerError propagated
#   (exit 0)
import _thread
import signal


class HandlerError(Exception):
    pass


def handler(signum, frame):
    print("handler: called for SIGTERM")
    raise HandlerError


signal.signal(signal.SIGTERM, handler)
try:
    _thread.interrupt_main(signal.SIGTERM)
    print("main: no exception (test fails)")
except HandlerError:
    print("main: HandlerError propagated")
signal.signal(signal.SIGTERM, signal.SIG_DFL)
