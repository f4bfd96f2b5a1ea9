# expect: 3:22 unsupported: signal `signal.SIGKILL`
import os, signal
os.kill(os.getpid(), signal.SIGKILL)
