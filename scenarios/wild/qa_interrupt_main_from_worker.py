# source: https://superfastpython.com/interrupt-the-main-thread-in-python/
# adapted: re-typed (first example: interrupt the main thread and handle it with try-except); the task waits 1 s instead of 3 s
from time import sleep
from threading import Thread
from _thread import interrupt_main


# task executed in a new thread
def task():
    # block for a moment
    sleep(1)
    # interrupt the main thread
    print("Interrupting main thread now")
    interrupt_main()


# start the new thread
thread = Thread(target=task)
thread.start()
# handle being interrupted
try:
    # wait around
    while True:
        print("Main thread waiting...")
        sleep(0.3)
except KeyboardInterrupt:
    # terminate main thread
    print("Main interrupted! Exiting.")
