# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1693
# adapted: InterruptMainTests.test_can_interrupt_tight_loops turned into a module-level script; assertTrue -> print
import threading

cont = [True]
started = [False]
interrupted = [False]

def worker(started, cont, interrupted):
    iterations = 100_000_000
    started[0] = True
    while cont[0]:
        if iterations:
            iterations -= 1
        else:
            return
        pass
    interrupted[0] = True

t = threading.Thread(target=worker,args=(started, cont, interrupted))
t.start()
while not started[0]:
    pass
cont[0] = False
t.join()
print("interrupted:", interrupted[0])
