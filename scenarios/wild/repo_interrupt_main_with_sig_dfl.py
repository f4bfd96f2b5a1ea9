# source: https://github.com/radical-cybertools/radical.pilot/blob/HEAD/concepts/termination/issues/issue_23395.py
# adapted: re-typed; Python 2 "thread" module -> "_thread"; a final print added. Since 3.10 interrupt_main() does nothing when SIGINT is SIG_DFL or SIG_IGN (bpo-23395)
# https://bugs.python.org/issue23395

import signal, threading, _thread, time
signal.signal(signal.SIGINT, signal.SIG_DFL) # or SIG_IGN

def thread_run():
    # NOTE: This should interrupt the main thread w/o an error, but
    #       We see an error (int not callable)
    _thread.interrupt_main()

t = threading.Thread(target=thread_run)
t.start()
time.sleep(1)
print('main thread was not interrupted')
