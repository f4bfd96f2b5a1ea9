# A helper that logs and re-raises with a bare `raise` re-raises whatever
# its caller is handling: a worker's SystemExit goes on as SystemExit and
# ends only that worker, silently (caveat 2). Called with nothing being
# handled, the same `raise` is a RuntimeError, reported as the thread's
# error. isinstance() sorts what a caller catches.
import threading


def log_and_reraise(where):
    print(f"{where}: re-raising")
    raise


def quits():
    try:
        raise SystemExit(3)
    except SystemExit:
        log_and_reraise("quits")
    print("not reached")


def nothing_handled():
    try:
        log_and_reraise("nothing_handled")
    except Exception as e:
        print(isinstance(e, RuntimeError), isinstance(e, (KeyError, LookupError)), e)
        raise


t = threading.Thread(target=quits)
t.start()
t.join()
t = threading.Thread(target=nothing_handled)
t.start()
t.join()
print("main done")
