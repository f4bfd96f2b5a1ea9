# source: https://github.com/fzhurd/fzwork/blob/HEAD/PythonWork/thread/test_signal2.py
# adapted: re-typed; Python 2 -> 3; time.ctime() stamps and the Thread reprs (they contain idents) replaced by thread names; the thread's sleep shortened from 3 s to 1.5 s
import signal
import time
import threading


def signal_handler(num, stack):
    print('Alarm in', threading.current_thread().name)


signal.signal(signal.SIGALRM, signal_handler)


def use_alarm():
    print('Setting alarm in', threading.current_thread().name)
    signal.alarm(1)
    print('Sleeping in', threading.current_thread().name)
    time.sleep(1.5)
    print('Done with sleep')


alarm_thread = threading.Thread(target=use_alarm, name='alarm_thread')
alarm_thread.start()
time.sleep(0.1)

print('Waiting for', alarm_thread.name)
alarm_thread.join()

print('Exiting normally')
