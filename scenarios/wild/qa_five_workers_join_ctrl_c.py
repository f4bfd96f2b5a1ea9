# source: https://vincentbogousslavsky.com/post/graceful-handling-of-sigterm-ctrl-c-and-shutdown-a
# adapted: re-typed (the "problem" program of the post: five non-daemon workers joined in order); time.sleep(2) became time.sleep(2 + num * 0.1) so the "finished" lines come in a fixed order
# pythread: ctrl-c
import threading
import time

def worker(num):
    print(f"Thread {num} started.")
    time.sleep(2 + num * 0.1)
    print(f"Thread {num} finished.")

def main():
    threads = []
    for i in range(5):
        thread = threading.Thread(target=worker, args=(i,))
        threads.append(thread)
        thread.start()

    for thread in threads:
        thread.join()

if __name__ == "__main__":
    main()
