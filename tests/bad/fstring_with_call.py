# expect: 3:10 unsupported: call of `threading.active_count` here
import threading
print(f"{threading.active_count()}")
