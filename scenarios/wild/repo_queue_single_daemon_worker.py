# source: https://github.com/shaorui0/fundamental_knowledge/blob/HEAD/operator_system/network_programming/queue_with_single_thread.py
# adapted: re-typed; 30 tasks at 0.5 s each shortened to 5 tasks at 0.05 s
import threading, queue
import time
q = queue.Queue()

def worker():
    while True:
        item = q.get()
        print(f'Working on {item}')
        print(f'Finished {item}')
        time.sleep(0.05)
        q.task_done()

# turn-on the worker thread
threading.Thread(target=worker, daemon=True).start()

# send the task requests to the worker
for item in range(5):
    q.put(item)
print('All task requests sent\n', end='')

# block until all tasks are done
q.join()
print('All work completed')
