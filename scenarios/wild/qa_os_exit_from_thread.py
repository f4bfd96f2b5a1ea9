# source: http://blog.engledew.com/post/344116632/killing-python-exiting-without-using-systemexit
# adapted: a program written around the post's point (SystemExit in a thread only ends that thread; os._exit() ends the process); no code was shown on the page
import os
import sys
import threading
import time

def first():
    print('first worker: sys.exit(1)')
    sys.exit(1)

def second():
    print('second worker: os._exit(3)')
    os._exit(3)

threading.Thread(target=first).start()
time.sleep(0.2)
print('main: still here after the sys.exit in a thread')
threading.Thread(target=second).start()
try:
    time.sleep(5)
finally:
    print('main: never printed')
