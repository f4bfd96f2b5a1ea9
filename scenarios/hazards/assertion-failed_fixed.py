# Hazard assertion-failed, fixed: the main thread joins the worker first.
# expect-hazard: none
# Same program as assertion-failed.py, but the main thread waits for the job
# with t.join() instead of a guessed sleep, so `done` is always True when
# the assert runs.
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
t.join()
assert done
print("main: the job is done")
