# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_thread.py#L44
# adapted: ThreadRunningTests.newtask/task/test_starting_threads as module-level functions; random.random()/10000 delay replaced by a fixed 0.0001 s; verbose_print prints "creating task N" only
import _thread as thread
import time

NUMTASKS = 10

done_mutex = thread.allocate_lock()
done_mutex.acquire()
running_mutex = thread.allocate_lock()
created = 0
running = 0
next_ident = 0

def newtask():
    global next_ident, created, running
    with running_mutex:
        next_ident += 1
        print("creating task %s" % next_ident)
        thread.start_new_thread(task, (next_ident,))
        created += 1
        running += 1

def task(ident):
    global running
    delay = 0.0001
    time.sleep(delay)
    with running_mutex:
        running -= 1
        if created == NUMTASKS and running == 0:
            done_mutex.release()

for i in range(NUMTASKS):
    newtask()
print("waiting for tasks to complete...")
done_mutex.acquire()
print("all tasks done")
