# sys.exit() in a task an executor runs ends neither the worker thread nor
# the process: the future keeps the SystemExit, and result() raises it
# again in the main thread, where, uncaught, it ends the program with the
# task's status (after the `with` block has shut the executor down).
import sys
from concurrent.futures import ThreadPoolExecutor


def task(code):
    print("task exits with", code)
    sys.exit(code)


with ThreadPoolExecutor(max_workers=1) as pool:
    future = pool.submit(task, 3)
    try:
        future.result()
    except SystemExit as e:
        print("result() raised SystemExit", e.code, "done:", future.done())
        raise
print("not reached")
