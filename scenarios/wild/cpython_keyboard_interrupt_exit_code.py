# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L141
# adapted: none; the three lines are the "-c" program that test_keyboard_interrupt_exit_code runs in a subprocess
import os, signal, time
os.kill(os.getpid(), signal.SIGINT)
for _ in range(999): time.sleep(0.01)
