# source: https://runebook.dev/en/docs/python/library/signal/signal.pthread_kill
# adapted: re-typed; the printed thread ids replaced by constant text. The page expects the worker's sleep to raise InterruptedError; on CPython SIGUSR1 has no handler, so the default action ends the whole process (exit status -SIGUSR1)
import threading
import signal
import time
import os

def worker_function():
    print("Worker thread started. Sleeping for a long time...")
    try:
        # A long-running, blocking system call
        time.sleep(100)
    except InterruptedError:
        print("Worker thread interrupted! Shutting down gracefully.")
    except Exception as e:
        print(f"Worker thread got unexpected error: {e}")
    finally:
        print("Worker thread finished.")

# Start the thread
worker_thread = threading.Thread(target=worker_function)
worker_thread.start()

# Wait a moment for the worker to start and block
time.sleep(1)

# Send a signal to the specific thread to interrupt its sleep
print("Main thread sending SIGUSR1 to worker thread...")
try:
    signal.pthread_kill(worker_thread.ident, signal.SIGUSR1)
except ValueError as e:
    # This might happen if the thread already finished
    print(f"Error sending signal: {e}")

worker_thread.join()
print("Program finished.")
