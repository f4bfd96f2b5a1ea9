# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1269-L1294
# adapted: the five ThreadingExceptionTests methods (start_thread_again, joining_current_thread, joining_inactive_thread, daemonize_active_thread, releasing_unacquired_lock) run one after the other as a module-level script; each self.assertRaises(RuntimeError, f, *args) → the call in try/except RuntimeError that prints which test passed
import threading

# A RuntimeError should be raised if Thread.start() is called
# multiple times.
def test_start_thread_again():
    thread = threading.Thread()
    thread.start()
    try:
        thread.start()
    except RuntimeError:
        print("start_thread_again: RuntimeError")
    thread.join()

def test_joining_current_thread():
    current_thread = threading.current_thread()
    try:
        current_thread.join()
    except RuntimeError:
        print("joining_current_thread: RuntimeError")

def test_joining_inactive_thread():
    thread = threading.Thread()
    try:
        thread.join()
    except RuntimeError:
        print("joining_inactive_thread: RuntimeError")

def test_daemonize_active_thread():
    thread = threading.Thread()
    thread.start()
    try:
        setattr(thread, "daemon", True)
    except RuntimeError:
        print("daemonize_active_thread: RuntimeError")
    thread.join()

def test_releasing_unacquired_lock():
    lock = threading.Lock()
    try:
        lock.release()
    except RuntimeError:
        print("releasing_unacquired_lock: RuntimeError")

test_start_thread_again()
test_joining_current_thread()
test_joining_inactive_thread()
test_daemonize_active_thread()
test_releasing_unacquired_lock()
