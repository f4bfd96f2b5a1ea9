# source: https://blog.miguelgrinberg.com/post/how-to-kill-a-python-thread
# adapted: re-typed (the "Python Events" variant of the article: a SIGINT handler sets an Event the thread polls); time.sleep(random.random()) replaced by a fixed 0.1 s
# pythread: ctrl-c
import signal
import threading
import time

exit_event = threading.Event()


def bg_thread():
    for i in range(1, 30):
        print(f'{i} of 30 iterations...')
        time.sleep(0.1)  # do some work...
        if exit_event.is_set():
            break

    print(f'{i} iterations completed before exiting.')


def signal_handler(signum, frame):
    exit_event.set()


signal.signal(signal.SIGINT, signal_handler)
th = threading.Thread(target=bg_thread)
th.start()
th.join()
