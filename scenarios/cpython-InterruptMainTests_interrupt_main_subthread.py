# CPython: Lib/test/test_threading.py InterruptMainTests.test_interrupt_main_subthread
# interrupt_main() from a thread raises KeyboardInterrupt in the main thread
# (here while it waits in join; the join returns when the short-lived thread
# ends, then the pending interrupt is raised).
# Expected (Linux CPython):
#   thread: interrupting main
#   main: KeyboardInterrupt
#   main: thread alive after second join: False
#   (exit 0)
import _thread
import threading


def call_interrupt():
    print("thread: interrupting main")
    _thread.interrupt_main()


t = threading.Thread(target=call_interrupt)
try:
    t.start()
    t.join()
    print("main: no exception (test fails)")
except KeyboardInterrupt:
    print("main: KeyboardInterrupt")
t.join()
print("main: thread alive after second join:", t.is_alive())
