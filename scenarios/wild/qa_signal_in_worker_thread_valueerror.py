# source: https://runebook.dev/en/docs/python/library/signal
# adapted: written from the page's table ("ValueError: signal only works in main thread: if you try to set a signal handler from a worker thread") and its SHUTDOWN_FLAG pattern; no code was copied
import signal
import threading
import time

SHUTDOWN_FLAG = threading.Event()

def signal_handler(sig, frame):
    print("[Main Thread] signal received. Shutting down gracefully...")
    SHUTDOWN_FLAG.set()

def worker():
    try:
        signal.signal(signal.SIGTERM, signal_handler)
    except ValueError as e:
        print(f"[Worker] {e}")
    while not SHUTDOWN_FLAG.is_set():
        time.sleep(0.1)
    print("[Worker] stopped")

signal.signal(signal.SIGTERM, signal_handler)
t = threading.Thread(target=worker)
t.start()
time.sleep(0.3)
signal.raise_signal(signal.SIGTERM)
t.join()
print("[Main Thread] done")
