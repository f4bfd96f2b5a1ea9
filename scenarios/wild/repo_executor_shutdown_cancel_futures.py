# source: https://github.com/linusjf/LearnPython3/blob/HEAD/Threads/shutdown.py
# adapted: re-typed; task sleep shortened from 2 s to 0.3 s
# SuperFastPython.com
# example of shutting down within a context manager
from time import sleep
from concurrent.futures import ThreadPoolExecutor


def task(name):
    """mock test that works for moment"""
    sleep(0.3)
    print(f'Done: {name}')


# start the thread pool
with ThreadPoolExecutor(1) as executor:
    # send some tasks into the thread pool
    print('Sending in tasks...')
    futures = [executor.submit(task, i) for i in range(10)]
    # explicitly shutdown within the context manager
    print('Shutting down...')
    executor.shutdown(wait=False, cancel_futures=True)
    # shutdown called again here when context manager exited
    print('Waiting...')
print('Doing other things...')
