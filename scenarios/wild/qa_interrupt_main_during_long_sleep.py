# source: https://superfastpython.com/interrupt-the-main-thread-in-python/
# adapted: re-typed (second example: the main thread cannot be interrupted while sleeping); task waits 0.5 s instead of 3 s, main sleeps 1.5 s instead of 7 s
from time import sleep
from threading import Thread
from _thread import interrupt_main


# task executed in a new thread
def task():
    # block for a moment
    sleep(0.5)
    # interrupt the main thread
    print("Interrupting main thread now")
    interrupt_main()


# start the new thread
thread = Thread(target=task)
thread.start()
# handle being interrupted
try:
    # block for a long time
    print("Main thread waiting...")
    sleep(1.5)
    print("Main thread done sleeping")
except KeyboardInterrupt:
    # terminate main thread
    print("Main interrupted! Exiting.")
