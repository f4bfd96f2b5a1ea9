# expect: 3:1 error: name 'sys' is not defined (the script never imports `sys`)
import threading
print(sys.version_info >= (3, 9), threading.active_count())
