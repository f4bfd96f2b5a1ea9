# expect: 5:14 unsupported: `blocking` other than True, False or an int
import threading
lock = threading.Lock()
b = True
lock.acquire(b)
