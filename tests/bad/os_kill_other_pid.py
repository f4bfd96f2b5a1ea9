# expect: 3:9 unsupported: a pid other than `os.getpid()`
import os, signal
os.kill(1, signal.SIGTERM)
