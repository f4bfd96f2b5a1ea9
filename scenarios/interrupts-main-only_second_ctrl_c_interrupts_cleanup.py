# Caveat 1 with two Ctrl-C presses (0.5 s and about 1 s): KeyboardInterrupt can
# arrive anywhere in the main thread, including inside the `except` block that
# cleans up after the first one. The second traceback is chained to the first
# ("During handling of the above exception, another exception occurred").
# Expected (Linux CPython):
#   main: first Ctrl-C, cleaning up
#   (stderr: KeyboardInterrupt, then KeyboardInterrupt; exit 130)
# pythread: ctrl-c=2
import time

try:
    time.sleep(2)
except KeyboardInterrupt:
    print("main: first Ctrl-C, cleaning up")
    time.sleep(1)
    print("main: cleanup done")
