# source: https://github.com/weideguo/dbahub/blob/HEAD/demo/thread/threadScript/threading_enumerate.py
# adapted: re-typed; logging.debug with %(threadName)s replaced by print of the thread name; random.randint(1,5) pause replaced by a fixed 0.2 s; threads are started 0.01 s apart and main sleeps 0.05 s before enumerating so the workers' first lines come first (setDaemon/currentThread/getName DeprecationWarnings on stderr are part of the behaviour)
import threading
import time

def worker():
	"""thread worker function"""
	t = threading.currentThread()
	pause = 0.2
	print('(%s) sleeping %s' % (t.name, pause))
	time.sleep(pause)
	print('(%s) ending' % t.name)
	return

for i in range(3):
	t = threading.Thread(target=worker)
	t.setDaemon(True)
	t.start()
	time.sleep(0.01)

time.sleep(0.05)
main_thread = threading.currentThread()
for t in threading.enumerate():
	if t is main_thread:
		continue
	print('(MainThread) joining %s' % t.getName())
	t.join()
