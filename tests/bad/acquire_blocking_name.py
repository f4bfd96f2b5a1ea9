# expect: 5:14 unsupported: `blocking` other than True or False
import threading
lock = threading.Lock()
b = True
lock.acquire(b)
