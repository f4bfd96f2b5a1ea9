# source: https://github.com/Xayiide/Threading/blob/HEAD/PCA/Python/Threads/threads.py
# adapted: re-typed; function() starts with time.sleep(0.1) so its prints come after main's "[M] Joining" line (they raced and tore lines) (getName() is deprecated since 3.10: the DeprecationWarnings on stderr are part of the behaviour)
import threading
import time


def enumerateThreads():
    print("Enumeration of threads:")
    for i in threading.enumerate():
        print(" ·", i.getName())

def numberOfThreads():
    print("Number of threads: " + str(threading.active_count()))

def currentThreadName():
    print("Current thread name: " + threading.current_thread().getName())


def function():
    time.sleep(0.1)
    print("I'm thread", currentThreadName())
    print(currentThreadName(), enumerateThreads())
    print(currentThreadName(), "completed.")


def main():
    numberOfThreads()
    currentThreadName()
    enumerateThreads()

    t1 = threading.Thread(name="t1", target=function)
    print("[M] Starting", t1.getName())
    t1.start()

    print("[M] Joining", t1.getName())
    t1.join()
    print("Main complete!")


if __name__ == '__main__':
    main()
