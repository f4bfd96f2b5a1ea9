# Caveat 3 (issue 16): lock.acquire() takes the free lock, then a second,
# blocking lock.acquire() in the next `try:` waits for ever; Ctrl-C is pressed
# once, at any moment.
# Linux (observed with Ctrl-C at 0.5 s, all nine interpreters): the wait is
# interrupted:
#   main: interrupted
#   (exit 0)
# A Ctrl-C that lands after the last check before the second acquire blocks
# (between the end of the first acquire and the wait) is not seen by the wait:
# its C handler has already run, so no EINTR (research/eval-breaker.md §5;
# not reproduced here).
# Windows ≤ 3.13 (not run): lock waits ignore Ctrl-C, so a Ctrl-C that lands
# between the two acquires, or during the wait, leaves the program hanging for
# ever. Windows 3.14: the SIGINT event stays set, the wait returns at once and
# "main: interrupted" is printed.
# pythread: ctrl-c
import threading

lock = threading.Lock()
lock.acquire()
try:
    lock.acquire()
except KeyboardInterrupt:
    print("main: interrupted")
