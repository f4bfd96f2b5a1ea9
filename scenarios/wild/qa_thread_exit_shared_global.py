# source: https://issuhub.com/view/index?id=35420&pageIndex=263
# adapted: re-typed (Programming Python, testexit_thread.py); the loop that waited for input() now starts 3 threads 0.1 s apart; the thread identifier is no longer printed
import _thread as thread
import time
exitstat = 0

def child():
    global exitstat                     # process global names
    exitstat += 1                       # shared by all threads
    print('Hello from child', exitstat)
    thread.exit()
    print('never reached')

def parent():
    for _ in range(3):
        thread.start_new_thread(child, ())
        time.sleep(0.1)

if __name__ == '__main__': parent()
