# expect: 3:29 unsupported: lambda as a thread target
import threading
t = threading.Thread(target=lambda: None)
