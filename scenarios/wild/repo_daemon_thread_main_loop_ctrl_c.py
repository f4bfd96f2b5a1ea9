# source: https://github.com/krbibi/oz_class_backend/blob/HEAD/OS/10.py
# adapted: re-typed; the process id is no longer printed; Korean messages translated to English; a 0.1 s sleep after t.start() so the thread's first print and main's print do not tear each other's lines
# pythread: ctrl-c
import threading
import os
import time

def something(word) :
    while True :
        print(word)
        time.sleep(3)

if __name__ == '__main__':
    print('main process started')
    t = threading.Thread(target=something, args=('happy',))
    t.daemon = True # a daemon thread ends together with the main thread
    t.start()
    time.sleep(0.1)
    print('starting the loop in the main thread')
    while True :
        try :
            print('daily...')
            time.sleep(1)
        except KeyboardInterrupt :
            print( 'good bye~')
            break
