# source: https://www.duncf.blog/2012/01/shutting-worker-threads-down-gracefully.html
# adapted: re-typed; Python 2 -> 3; the post's os.pipe + signal.set_wakeup_fd + select wake-up (file descriptors) replaced by signal.pause(); SIGINT is handled too so Ctrl-C drives it; the worker waits 0.5 s instead of 10 s
# pythread: ctrl-c
import signal
import threading

NUM_THREADS = 2
_shutdown = False


class Worker(threading.Thread):

    def __init__(self, *args, **kwargs):
        threading.Thread.__init__(self, *args, **kwargs)
        self._stop_event = threading.Event()

    def run(self):
        # Do something.
        while not self._stop_event.is_set():
            self._stop_event.wait(0.5)

    def shutdown(self):
        self._stop_event.set()
        print('shutdown %s' % (self.name,))
        self.join()


def sig_handler(signum, frame):
    print('handled')
    global _shutdown
    _shutdown = True


if __name__ == '__main__':
    signal.signal(signal.SIGTERM, sig_handler)
    signal.signal(signal.SIGINT, sig_handler)

    threads = []
    for i in range(NUM_THREADS):
        worker = Worker(name='worker-%d' % i)
        threads.append(worker)
        worker.start()

    # Sleep until a signal arrives.
    while not _shutdown:
        signal.pause()

    for worker in threads:
        worker.shutdown()
    print('all workers stopped')
