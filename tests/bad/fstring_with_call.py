# expect: 3:7 unsupported: f-string
import threading
print(f"{threading.active_count()}")
