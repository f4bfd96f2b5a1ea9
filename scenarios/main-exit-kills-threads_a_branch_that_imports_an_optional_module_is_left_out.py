# A branch that imports a module outside the language (here the
# multiprocessing fallback for many workers) is left out of the model; the
# branch this run takes is checked as usual: the worker thread finishes
# before the interpreter exits, since it is not a daemon.
import threading
import time

workers = 2


def work(n):
    time.sleep(0.1)
    print("worker", n, "done")


if workers > 4:
    from multiprocessing import Pool
    pool = Pool(workers)
    pool.map(work, range(workers))
else:
    t = threading.Thread(target=work, args=(1,))
    t.start()
print("main done")
