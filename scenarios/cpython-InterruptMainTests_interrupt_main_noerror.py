# CPython: Lib/test/test_threading.py InterruptMainTests.test_interrupt_main_noerror
# interrupt_main(signum) is a no-op when the signal's handler is SIG_IGN or
# SIG_DFL (3.10+): no exception, and SIG_DFL for SIGTERM does not kill the
# process since no OS signal is sent.
# Expected (Linux CPython):
#   SIGINT ignored: no error
#   SIGINT default: no error
#   SIGTERM ignored: no error
#   SIGTERM default: no error
#   (exit 0)
import _thread
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
_thread.interrupt_main(signal.SIGINT)
print("SIGINT ignored: no error")
signal.signal(signal.SIGINT, signal.SIG_DFL)
_thread.interrupt_main()
print("SIGINT default: no error")
signal.signal(signal.SIGTERM, signal.SIG_IGN)
_thread.interrupt_main(signal.SIGTERM)
print("SIGTERM ignored: no error")
signal.signal(signal.SIGTERM, signal.SIG_DFL)
_thread.interrupt_main(signal.SIGTERM)
print("SIGTERM default: no error")
