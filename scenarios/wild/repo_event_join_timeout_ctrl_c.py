# source: https://github.com/cdminigun/Python-Experiments/blob/HEAD/templates/threading_template.py
# adapted: re-typed and ported from Python 2 (print statement, xrange); 3 threads instead of 10; the worker writes one whole line with sys.stdout.write and sleeps 0.5 s instead of printing in a tight loop (print() from many threads tore lines); a final print added
# pythread: ctrl-c
import sys
import threading
import time

# Threading events allow for a signal to be sent across several threads
thread_wrangler = threading.Event()

def thread_func():
    while not thread_wrangler.is_set():
        sys.stdout.write("hello!\n")
        time.sleep(0.5)


def main():
    # Start 3 threads
    for i in range(3):
        thread = threading.Thread(target=thread_func, args=(), name="thread%s" % i)
        thread.start()
    # Join threads with error checking and to allow for non-blocking
    # interrupts across multiple threads in python.
    try:
        while thread.is_alive():
            thread.join(timeout=1)
    except KeyboardInterrupt:
        thread_wrangler.set()
    print("stopped")

if __name__ == "__main__":
    main()
