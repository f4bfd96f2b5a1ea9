# expect: 4:1 unsupported: name `x` holds objects of different kinds
import threading
x = threading.Lock()
x = 3
