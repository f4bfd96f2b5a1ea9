# The shape most scripts have: functions with parameters, a worker started
# with args=, and `main()` called under the __main__ guard. Ctrl-C lands in
# main only, inside whichever function it is running; it unwinds through
# the calls (each `finally` runs) to the handler in main().
# pythread: ctrl-c
import threading
import time


def wait_for(t, label):
    try:
        while t.is_alive():
            t.join(0.1)
        return label + " joined"
    finally:
        print("wait_for: leaving")


def worker(name, rounds):
    for i in range(rounds):
        time.sleep(0.1 * 2)
    print(f"{name}: done after {rounds} rounds")


def main():
    t = threading.Thread(target=worker, args=("w1", 2), daemon=True)
    t.start()
    try:
        how = wait_for(t, "w1")
        print("main:", how)
    except KeyboardInterrupt:
        print("main: interrupted")
        return 1
    return 0


if __name__ == "__main__":
    status = main()
    print("status", status)
