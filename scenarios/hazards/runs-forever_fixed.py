# The fix for runs-forever.py: the poll has a deadline (ten rounds), so the
# main thread goes on even when the flag is never set.
# expect-hazard: none
import threading
import time

finished = False


def work():
    global finshed
    time.sleep(0.1)
    finshed = True


t = threading.Thread(target=work)
t.start()
for _ in range(10):
    if finished:
        break
    time.sleep(0.1)
print("main: done")
