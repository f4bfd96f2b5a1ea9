# source: https://mcmap.net/q/263172/-what-does-sys-exit-really-do-with-multiple-threads
# adapted: re-typed from the answer's snippet; the question's threadrun() body is not shown there, so a loop that prints and sleeps 0.3 s stands in for it; main sleeps 0.5 s before sys.exit() so the thread runs once
import sys
import threading
import time

def threadrun():
    while True:
        print("threadrun: working")
        time.sleep(0.3)

if __name__=="__main__":
    t = threading.Thread(target=threadrun)
    t.daemon = True  # Explicitly set property.
    t.start()
    time.sleep(0.5)
    sys.exit()
