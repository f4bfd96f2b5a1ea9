# Caveat 2, contrast: a failed `assert` in a thread raises AssertionError,
# which can be caught like any exception; uncaught, threading.excepthook
# reports it on stderr, the thread ends, and the program goes on (status 0),
# unlike SystemExit which is silent.
# Expected (Linux CPython):
#   checker: caught the lock should be held
#   main: both threads ended
#   (stderr: AssertionError from strict; exit 0)
import threading

lock = threading.Lock()
mode = "checking"


def checker():
    try:
        assert lock.locked(), "the lock should be held"
    except (AssertionError, ValueError) as e:
        print("checker: caught", e)


def strict():
    assert mode != "checking" or lock.locked(), "strict check failed"
    print("strict: not reached")


a = threading.Thread(target=checker)
a.start()
a.join()
b = threading.Thread(target=strict)
b.start()
b.join()
print("main: both threads ended")
