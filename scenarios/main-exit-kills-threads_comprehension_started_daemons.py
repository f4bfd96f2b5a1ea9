# Daemon workers made, started and joined with list comprehensions (the
# idiom of many scripts; a comprehension of calls used as a statement). The
# main thread joins only the first two, starts a reporter with
# `_thread.start_new_thread(f, (arg,))`, and exits: the later daemons are
# killed in their sleep, and the reporter may or may not get to print.
# (Each print has one argument: CPython writes a print's arguments one at a
# time, and unbuffered they can tear between threads; the model does not
# split them.)
# Several outcomes: the reporter races the exit, and the first worker
# (no sleep) races the second's start.
import _thread
import threading
import time

done = []


def work(i):
    time.sleep(0.1 * i)
    done.append(i)


def report(tag):
    print(f"reporter {tag}")


threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(4)]
[t.start() for t in threads]
firsts = [threads[i] for i in range(2)]
[t.join() for t in firsts if t.daemon]
_thread.start_new_thread(report, ("late",))
print(f"done: {done} {len([d for d in done if d < 2])}")
