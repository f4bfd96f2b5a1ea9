# Caveat 1, platforms: signal.SIGUSR1 and signal.pthread_kill exist only on
# POSIX. On Linux the main thread signals itself and its handler runs at once;
# on Windows the first of them raises AttributeError.
# Expected (Linux CPython):
#   handler: SIGUSR1 in main thread True
#   main: after pthread_kill
#   (exit 0)
# Windows: "main: AttributeError, POSIX-only signal API"
import signal
import threading


def handler(signum, frame):
    print("handler: SIGUSR1 in main thread", threading.current_thread() is threading.main_thread())


try:
    signal.signal(signal.SIGUSR1, handler)
    signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)
    print("main: after pthread_kill")
except AttributeError:
    print("main: AttributeError, POSIX-only signal API")
