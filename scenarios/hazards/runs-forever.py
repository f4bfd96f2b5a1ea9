# Hazard runs-forever: a loop nothing can end.
# expect-hazard: runs-forever on all
# The main thread polls a flag the worker was meant to set, but the worker
# sets another name (a typo: `finshed`), so `finished` stays False and the
# main thread polls forever. No Ctrl-C comes to end it.
# Remedy: give the loop a way out that cannot be missed: wait on the thread
# itself (t.join()), or poll with a deadline (runs-forever_fixed.py).
import threading
import time

finished = False


def work():
    global finshed
    time.sleep(0.1)
    finshed = True


t = threading.Thread(target=work)
t.start()
while not finished:
    time.sleep(0.1)
print("main: done")
