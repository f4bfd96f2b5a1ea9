# expect: 3:21 unsupported: a thread id other than
import signal
signal.pthread_kill(12345, signal.SIGUSR1)
