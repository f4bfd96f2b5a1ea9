# Exceptions end only the thread they escape from, whatever their class; an
# `except` clause catches a class and everything derived from it: the
# script's own hierarchy (JobFailed derives from AppError) and CPython's
# (TimeoutError is an OSError, ZeroDivisionError an ArithmeticError).
import threading


class AppError(Exception):
    pass


class JobFailed(AppError):
    pass


def job(n):
    if n == 2:
        raise JobFailed(f"job {n} failed")
    if n == 3:
        raise TimeoutError("job %d timed out" % n)
    return n * 10


def worker(n):
    try:
        print("worker:", job(n))
    except OSError as e:
        print("worker: OSError:", e)
    # JobFailed is not an OSError: it ends this thread only.


for n in range(1, 4):
    t = threading.Thread(target=worker, args=(n,))
    t.start()
    t.join()
try:
    job(2)
except AppError as e:
    print("main: AppError:", e)
try:
    print(1 / 0)
except ArithmeticError:
    print("main: ArithmeticError")
print("main: done")
