# A new thread starts with its creator's signal mask: compared as sets
# (`^`, `&`, `|` of the sets pthread_sigmask returns), the worker's mask is
# the main thread's, and unblocking gives back the mask from before.
import signal
import threading

before = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
seen = []


def worker():
    seen.append(signal.pthread_sigmask(signal.SIG_BLOCK, []))


t = threading.Thread(target=worker)
t.start()
t.join()
blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
after = signal.pthread_sigmask(signal.SIG_BLOCK, [])
print(blocked ^ before == {signal.SIGUSR1}, seen[0] ^ blocked == set())
print(seen[0] & {signal.SIGUSR1} == {signal.SIGUSR1}, after | before == before)
print(after == before, 6 ^ 3, 6 & 3, 4 | 1, True ^ True, True | False)
