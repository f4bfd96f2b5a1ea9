# expect: 4:1 error: `lock` is a lock, not a thread
import threading
lock = threading.Lock()
lock.start()
