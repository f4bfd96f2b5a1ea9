# Caveat 3, platform limits: a timeout above _thread.TIMEOUT_MAX raises
# OverflowError. TIMEOUT_MAX is about 9.2e9 s on Linux but only about 4.29e6 s
# on Windows, so acquire(timeout=5000000) is fine on Linux (the lock is free:
# True at once) and an OverflowError on Windows. 1e10 overflows everywhere.
# Expected (Linux CPython):
#   acquire(timeout=5000000): True
#   acquire(timeout=1e10): OverflowError
#   (exit 0)
import threading

lock = threading.Lock()
try:
    print("acquire(timeout=5000000):", lock.acquire(timeout=5000000))
    lock.release()
except OverflowError:
    print("acquire(timeout=5000000): OverflowError")
try:
    print("acquire(timeout=1e10):", lock.acquire(timeout=1e10))
except OverflowError:
    print("acquire(timeout=1e10): OverflowError")
