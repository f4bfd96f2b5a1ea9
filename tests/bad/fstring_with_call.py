# expect: 3:10 unsupported: call of `threading.stack_size` here
import threading
print(f"{threading.stack_size()}")
