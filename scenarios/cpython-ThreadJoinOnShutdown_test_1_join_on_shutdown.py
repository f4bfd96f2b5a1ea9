# CPython: Lib/test/test_threading.py ThreadJoinOnShutdown.test_1_join_on_shutdown
# The usual case: on exit, the interpreter waits for a non-daemon thread,
# which prints after the main thread's last line. (The test's thread joins the
# main thread; here it sleeps past the main thread's end.)
# Expected (Linux CPython):
#   end of main
#   end of thread
#   (exit 0)
import threading
import time


def joiningfunc():
    time.sleep(0.2)
    print("end of thread", flush=True)


t = threading.Thread(target=joiningfunc)
t.start()
time.sleep(0.1)
print("end of main")
