# source: https://github.com/jiangpeifei/dnsdun/blob/f8710e30a5f93e364221cf05c1ea0416d005bf86/referto/python使用ctrl-c终止线程示例.md
# adapted: re-typed; Python 2 -> 3 (print, isAlive -> is_alive); the optparse "-t" option replaced by a fixed thread count of 2; the worker print is one sys.stdout.write per line (two threads printing at the same moment tore lines)
# pythread: ctrl-c
import sys, time, threading

class thread_sample(threading.Thread):
    def __init__(self, name):
        threading.Thread.__init__(self)
        self.name = name
        self.kill_received = False

    def run(self):
        while not self.kill_received:
            # your code
            sys.stdout.write(self.name + " is active\n")
            time.sleep(1)

def has_live_threads(threads):
    return True in [t.is_alive() for t in threads]

def main():
    threads = []
    for i in range(2):
        thread = thread_sample("thread#" + str(i))
        thread.start()
        threads.append(thread)

    while has_live_threads(threads):
        try:
            # synchronization timeout of threads kill
            [t.join(1) for t in threads
             if t is not None and t.is_alive()]
        except KeyboardInterrupt:
            # Ctrl-C handling and send kill to threads
            print("Sending kill to threads...")
            for t in threads:
                t.kill_received = True

    print("Exited")

if __name__ == '__main__':
    main()
