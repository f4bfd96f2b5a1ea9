# Caveat 1: with SIGINT set to SIG_IGN, the OS discards Ctrl-C; nothing is
# interrupted in any thread.
# Expected (Linux CPython):
#   main: slept through Ctrl-C
#   (exit 0)
# pythread: ctrl-c
import signal
import time

signal.signal(signal.SIGINT, signal.SIG_IGN)
time.sleep(1)
print("main: slept through Ctrl-C")
