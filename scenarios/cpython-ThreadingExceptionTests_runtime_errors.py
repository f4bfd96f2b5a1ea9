# CPython: Lib/test/test_threading.py ThreadingExceptionTests (start twice,
# join before start, join the current thread, daemon of an active thread,
# release an unacquired lock), one after the other, each RuntimeError
# caught and printed. The thread has no target: its run does nothing.
import threading

idle = threading.Thread()
print(f"{idle.name} alive: {idle.is_alive()}")
try:
    idle.join()
except RuntimeError as e:
    print(f"join before start: {e}")
idle.start()
try:
    idle.start()
except RuntimeError as e:
    print(f"second start: {e}")
try:
    setattr(idle, "daemon", True)
except RuntimeError as e:
    print(f"daemon after start: {e}")
idle.join()
me = threading.current_thread()
try:
    me.join()
except RuntimeError as e:
    print(f"join itself: {e}")
lock = threading.Lock()
try:
    lock.release()
except RuntimeError as e:
    print(f"release: {e}")
print(f"{idle.name} alive: {idle.is_alive()}")
