# Daemon workers each add their own name to a shared set on every round
# (adding it again changes nothing); the main thread waits until the set
# holds all three names, then exits, and the workers, still looping, are
# killed without a word (caveat 4). (The rounds are bounded: where threads
# survive the exit, the reference runtime would run them for ever.)
import threading
import time

ran = set()


def work():
    for _ in range(40):
        ran.add(threading.current_thread().name)
        time.sleep(0.05)


for i in range(3):
    t = threading.Thread(target=work, name=f"w{i}", daemon=True)
    t.start()
while len(ran) < 3:
    time.sleep(0.01)
print(f"{len(ran)} ran; w1 among them: {'w1' in ran}; {set([2])}")
