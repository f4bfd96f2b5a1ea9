# Hazard assertion-failed: an `assert` in the script can fail.
# expect-hazard: assertion-failed on all
# The main thread sleeps "long enough" for the worker instead of waiting for
# it: 0.05 s is not enough for a job that takes 0.1 s, so `assert done`
# fails with AssertionError (exit status 1).
# Remedy: join the worker before asserting (assertion-failed_fixed.py).
import threading
import time

done = False


def job():
    global done
    time.sleep(0.1)
    done = True
    print("worker: job done")


t = threading.Thread(target=job)
t.start()
time.sleep(0.05)
assert done
print("main: the job is done")
