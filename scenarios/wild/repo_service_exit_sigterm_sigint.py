# source: https://github.com/castis/currant/blob/HEAD/code/test.py
# adapted: re-typed; "Thread #<ident>" prints use the thread name instead of the ident (deterministic output); j2 is started 0.1 s after j1 so the two threads' prints do not tear each other's lines
# pythread: ctrl-c
import time
import threading
import signal


class Job(threading.Thread):

    def __init__(self):
        threading.Thread.__init__(self)

        # The shutdown_flag is a threading.Event object that
        # indicates whether the thread should be terminated.
        self.shutdown_flag = threading.Event()

    def run(self):
        print('Thread %s started' % self.name)

        while not self.shutdown_flag.is_set():
            # ... Job code here ...
            time.sleep(0.5)

        # ... Clean shutdown code here ...
        print('Thread %s stopped' % self.name)


class ServiceExit(Exception):
    """
    Custom exception which is used to trigger the clean exit
    of all running threads and the main program.
    """
    pass


def service_shutdown(signum, frame):
    print('Caught signal %d' % signum)
    raise ServiceExit


def main():
    # Register the signal handlers
    signal.signal(signal.SIGTERM, service_shutdown)
    signal.signal(signal.SIGINT, service_shutdown)

    print('Starting main program')

    # Start the job threads
    try:
        j1 = Job()
        j2 = Job()
        j1.start()
        time.sleep(0.1)
        j2.start()

        # Keep the main thread running, otherwise signals are ignored.
        while True:
            time.sleep(0.5)

    except ServiceExit:
        # Set the shutdown flag on each thread to trigger a clean shutdown.
        j1.shutdown_flag.set()
        j2.shutdown_flag.set()
        # Wait for the threads to close...
        j1.join()
        j2.join()

    print('Exiting main program')


if __name__ == '__main__':
    main()
