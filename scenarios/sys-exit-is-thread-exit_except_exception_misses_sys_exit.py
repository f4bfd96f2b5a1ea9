# Caveat 2: SystemExit derives from BaseException, not Exception, so the common
# `except Exception:` in a thread does not stop sys.exit() from ending it;
# `except BaseException` does.
# Expected (Linux CPython):
#   worker: SystemExit went past except Exception; code 2
#   main: worker ended, status stays 0
#   (exit 0)
import sys
import threading


def worker():
    try:
        try:
            sys.exit(2)
        except Exception:
            print("worker: except Exception caught it")
    except BaseException as e:
        print("worker: SystemExit went past except Exception; code", e)


t = threading.Thread(target=worker)
t.start()
t.join()
print("main: worker ended, status stays 0")
