# source: https://github.com/o2ac/o2ac-ur/blob/472f3632f1abecb136ff5e0626c914f454698302/catkin_ws/src/o2ac_routines/src/o2ac_routines/thread_with_trace.py
# adapted: re-typed; the file only defines the SIGINT handler, the ThreadTrace class and func(); a main block that starts, kills and joins the thread was added, and func() sleeps 0.1 s per print instead of flooding
import sys
import threading
import time

import signal
def signal_handler(sig, frame):
    print('You pressed Ctrl+C!')
    sys.exit(0)

signal.signal(signal.SIGINT, signal_handler)

class ThreadTrace(threading.Thread):
    def __init__(self, *args, **keywords):
        threading.Thread.__init__(self, *args, **keywords)
        self.killed = False

    def start(self):
        self.__run_backup = self.run
        self.run = self.__run
        threading.Thread.start(self)

    def __run(self):
        sys.settrace(self.globaltrace)
        self.__run_backup()
        self.run = self.__run_backup

    def globaltrace(self, frame, event, arg):
        if event == 'call':
            return self.localtrace
        else:
            return None

    def localtrace(self, frame, event, arg):
        if self.killed:
            if event == 'line':
                raise SystemExit()
        return self.localtrace

    def kill(self):
        self.killed = True

def func():
    while True:
        print('thread running')
        time.sleep(0.1)

if __name__ == '__main__':
    t = ThreadTrace(target=func)
    t.start()
    time.sleep(0.35)
    t.kill()
    t.join()
    print('thread killed, alive:', t.is_alive())
