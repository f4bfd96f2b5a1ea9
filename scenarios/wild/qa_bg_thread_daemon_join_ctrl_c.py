# source: https://blog.miguelgrinberg.com/post/how-to-kill-a-python-thread
# adapted: re-typed (the "Daemon Threads" variant of the article); time.sleep(random.random()) replaced by a fixed 0.1 s
# pythread: ctrl-c
import threading
import time

def bg_thread():
    for i in range(1, 30):
        print(f'{i} of 30 iterations...')
        time.sleep(0.1)  # do some work...

    print(f'{i} iterations completed before exiting.')

th = threading.Thread(target=bg_thread)
th.daemon = True
th.start()
th.join()
