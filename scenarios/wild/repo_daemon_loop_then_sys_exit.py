# source: https://github.com/williamsyb/mycookbook/blob/HEAD/thread_prac/different_way_kill_thread/de03.py
# adapted: re-typed; main sleeps 1.2 s instead of 2 s so its sys.exit() does not race with the thread's 4th print
# Python program killing
# thread using daemon

import threading
import time
import sys


def func():
    while True:
        time.sleep(0.5)
        print('Thread alive, but it will die on program termination')


t1 = threading.Thread(target=func)
t1.daemon = True
t1.start()
time.sleep(1.2)
sys.exit()
