# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_thread.py#L159-L219
# adapted: class Barrier (L159-L181) and BarrierTest.test_barrier / task2 (L186-L219) with BasicThreadTest.setUp's locks made module-level (self.x → globals); random.random()/10000 delay replaced by a fixed 0.0001 s (so random_mutex is gone); verbose_print calls dropped; threading_helper.wait_threads_exit() → a loop until _thread._count() is back to its value before the start; prints "tasks done"
import _thread as thread
import time

NUMTASKS = 10
NUMTRIPS = 3

class Barrier:
    def __init__(self, num_threads):
        self.num_threads = num_threads
        self.waiting = 0
        self.checkin_mutex  = thread.allocate_lock()
        self.checkout_mutex = thread.allocate_lock()
        self.checkout_mutex.acquire()

    def enter(self):
        self.checkin_mutex.acquire()
        self.waiting = self.waiting + 1
        if self.waiting == self.num_threads:
            self.waiting = self.num_threads - 1
            self.checkout_mutex.release()
            return
        self.checkin_mutex.release()

        self.checkout_mutex.acquire()
        self.waiting = self.waiting - 1
        if self.waiting == 0:
            self.checkin_mutex.release()
            return
        self.checkout_mutex.release()

def task2(ident):
    global running
    for i in range(NUMTRIPS):
        if ident == 0:
            # give it a good chance to enter the next
            # barrier before the others are all out
            # of the current one
            delay = 0
        else:
            delay = 0.0001
        time.sleep(delay)
        bar.enter()
    with running_mutex:
        running -= 1
        # Must release mutex before releasing done, else the main thread can
        # exit and set mutex to None as part of global teardown; then
        # mutex.release() raises AttributeError.
        finished = running == 0
    if finished:
        done_mutex.release()

done_mutex = thread.allocate_lock()
done_mutex.acquire()
running_mutex = thread.allocate_lock()

old_count = thread._count()
bar = Barrier(NUMTASKS)
running = NUMTASKS
for i in range(NUMTASKS):
    thread.start_new_thread(task2, (i,))
done_mutex.acquire()
print("tasks done")
while thread._count() > old_count:
    time.sleep(0.010)
