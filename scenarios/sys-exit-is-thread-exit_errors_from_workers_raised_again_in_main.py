# Workers catch what went wrong and keep it; the main thread raises the
# first one kept, after the joins. A ValueError raised again in the main
# thread is a traceback and status 1; a worker's SystemExit, which would
# have ended only the worker (caveat 2), raised again in the main thread
# ends the process with its code.
# Several outcomes: workers 1 and 2 run at the same moment, so either
# error can be the first kept.
import threading

errors = []


def work(n):
    try:
        if n == 1:
            raise ValueError("bad input")
        if n == 2:
            raise SystemExit(4)
        print(f"worker {n} ok")
    except BaseException as e:
        errors.append(e)


threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{len(errors)} errors")
raise errors[0]
