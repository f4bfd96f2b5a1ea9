# CPython: Lib/test/test_threading.py InterruptMainTests.test_interrupt_main_mainthread
# _thread.interrupt_main() called in the main thread raises KeyboardInterrupt
# right away (at the next check, before the following statement).
# Expected (Linux CPython):
#   main: KeyboardInterrupt at once
#   (exit 0)
import _thread

try:
    _thread.interrupt_main()
    print("main: no exception (test fails)")
except KeyboardInterrupt:
    print("main: KeyboardInterrupt at once")
