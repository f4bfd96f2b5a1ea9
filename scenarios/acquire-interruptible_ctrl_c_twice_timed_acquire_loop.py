# Caveat 3 with two Ctrl-C presses (0.5 s and about 1 s): a retry loop of timed
# acquires on a lock nobody will release. On Linux each press interrupts the
# attempt in progress at once; the third attempt runs to its timeout.
# Expected (Linux CPython):
#   attempt: KeyboardInterrupt, got is None: True
#   attempt: KeyboardInterrupt, got is None: True
#   attempt: timed out, got: False after 1.2 s
#   (exit 0)
# Windows before 3.14: an attempt is not interrupted; the pending
# KeyboardInterrupt is raised only when it times out (at 1.2 s and 2.4 s).
# pythread: ctrl-c=2
import threading

lock = threading.Lock()
lock.acquire()
for _ in range(3):
    got = None
    try:
        got = lock.acquire(timeout=1.2)
    except KeyboardInterrupt:
        print("attempt: KeyboardInterrupt, got is None:", got is None)
    else:
        print("attempt: timed out, got:", got, "after", 1.2, "s")
