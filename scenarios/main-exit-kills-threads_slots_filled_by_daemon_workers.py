# Three daemon workers each fill their slot of a list made with [None] * 3
# and record (name, seconds) pairs. The main thread waits only 0.25 s,
# reads the pairs back with `for name, took in done:` and exits: the slow
# worker is killed at the exit without a word (caveat 4) and its slot stays
# None.
import threading
import time

slots = [None] * 3
done = []


def work(i, seconds):
    time.sleep(seconds)
    slots[i] = i * 10
    done.append((f"w{i}", seconds))


for i, seconds in ((0, 0.05), (1, 0.1), (2, 5)):
    threading.Thread(target=work, args=(i, seconds), daemon=True).start()
time.sleep(0.25)
for name, took in done:
    print(f"{name} took {took}")
print(slots)
