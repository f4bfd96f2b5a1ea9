# source: https://github.com/python/cpython/blob/25f4c7e2995dad5a5c37be81f54e3510a6c486f7/bug.py
# adapted: re-typed; multiprocessing.Event -> threading.Event (no multiprocessing); the PID is no longer printed; the debugging-only SIGKILL thread (5 s) dropped
import os
import signal
import threading
import time
import sys

def sigint_self():
    time.sleep(1)
    print(f'{threading.current_thread().name}: Stopping with SIGINT')
    os.kill(os.getpid(), signal.SIGINT)

def run_signal_handler_dedicated_thread():
    event = threading.Event()
    def sigint_handler(_signo, _stack_frame):
        try:
            print(f'{threading.current_thread().name}: sigint_handler is setting event')
            #event.set()
            sys.exit()
        finally:
            print(f'{threading.current_thread().name}: sigint_handler is done')

    signal.signal(signal.SIGINT, sigint_handler)

    threading.Thread(target=sigint_self, daemon=True).start()

    print(f'{threading.current_thread().name}: Waiting on event.')
    while True:
        if event.is_set():
            break
        else:
            time.sleep(0.1)
    print(f'{threading.current_thread().name}: Waiting is done')

if __name__ == '__main__':
    try:
        run_signal_handler_dedicated_thread()
    finally:
        print(f'{threading.current_thread().name}: Exiting')
