# Caveat 3, argument checks of acquire() (texts of CPython 3.11 and 3.12;
# 3.13 says "timeout value must be a non-negative number"):
#   acquire(False, 1)     -> ValueError can't specify a timeout for a non-blocking call
#   acquire(timeout=-2)   -> ValueError timeout value must be positive
#   acquire(timeout=-1)   -> blocks without limit (here: lock free, True)
#   acquire(False)        -> a try: False while held
#   acquire(timeout=0)    -> a try too: False while held
# Expected (Linux CPython):
#   acquire(False, 1): ValueError can't specify a timeout for a non-blocking call
#   acquire(timeout=-2): ValueError timeout value must be positive
#   acquire(timeout=-1): True
#   acquire(False) while held: False
#   acquire(timeout=0) while held: False
#   (exit 0)
import threading

lock = threading.Lock()
try:
    lock.acquire(False, 1)
except ValueError as e:
    print("acquire(False, 1): ValueError", e)
try:
    lock.acquire(timeout=-2)
except ValueError as e:
    print("acquire(timeout=-2): ValueError", e)
print("acquire(timeout=-1):", lock.acquire(timeout=-1))
print("acquire(False) while held:", lock.acquire(False))
print("acquire(timeout=0) while held:", lock.acquire(timeout=0))
lock.release()
