# Workers put their results in a list they share with the main thread (a
# list is one object, whichever name holds it: `out` in the worker is
# `results` in the module). The daemon worker is still asleep when the
# main thread ends: it is killed, and its result never reaches the list.
# `for t in threads:` joins the workers the list holds; `pop`, indexing,
# `len` and `in` read the results back.
import threading
import time

results = []
threads = []
seen = [0, 0]


def work(n, out):
    time.sleep(0.1 * n)
    out.append(n * 10)
    seen[n % 2] = seen[n % 2] + 1


for n in range(1, 3):
    t = threading.Thread(target=work, args=(n, results))
    threads.append(t)
    t.start()
late = threading.Thread(target=work, args=(5, results), daemon=True)
late.start()
for t in threads:
    t.join()
print("results:", results, "count:", len(results))
last = results.pop()
print("last:", last, "first:", results[0], 50 in results)
print("seen:", seen)
