# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threadsignals.py#L44
# adapted: ThreadSignals.test_signals + module setup turned into a script; assertEqual -> print; the tripped_by thread ident is printed as a comparison with the main thread's ident
import signal
import os
import _thread as thread

process_pid = os.getpid()
signalled_all=thread.allocate_lock()

def registerSignals(for_usr1, for_usr2, for_alrm):
    usr1 = signal.signal(signal.SIGUSR1, for_usr1)
    usr2 = signal.signal(signal.SIGUSR2, for_usr2)
    alrm = signal.signal(signal.SIGALRM, for_alrm)
    return usr1, usr2, alrm

# The signal handler. Just note that the signal occurred and
# from who.
def handle_signals(sig,frame):
    signal_blackboard[sig]['tripped'] += 1
    signal_blackboard[sig]['tripped_by'] = thread.get_ident()

# a function that will be spawned as a separate thread.
def send_signals():
    os.kill(process_pid, signal.SIGUSR1)
    os.kill(process_pid, signal.SIGUSR2)
    signalled_all.release()

signal_blackboard = { signal.SIGUSR1 : {'tripped': 0, 'tripped_by': 0 },
                      signal.SIGUSR2 : {'tripped': 0, 'tripped_by': 0 },
                      signal.SIGALRM : {'tripped': 0, 'tripped_by': 0 } }
oldsigs = registerSignals(handle_signals, handle_signals, handle_signals)

signalled_all.acquire()
thread.start_new_thread(send_signals, ())
signalled_all.acquire()

# the signals that we asked the kernel to send
# will come back, but we don't know when.
if signal_blackboard[signal.SIGUSR1]['tripped'] == 0 \
   or signal_blackboard[signal.SIGUSR2]['tripped'] == 0:
    try:
        signal.alarm(1)
        signal.pause()
    finally:
        signal.alarm(0)

print(signal_blackboard[signal.SIGUSR1]['tripped'],
      signal_blackboard[signal.SIGUSR1]['tripped_by'] == thread.get_ident())
print(signal_blackboard[signal.SIGUSR2]['tripped'],
      signal_blackboard[signal.SIGUSR2]['tripped_by'] == thread.get_ident())
signalled_all.release()
registerSignals(*oldsigs)
