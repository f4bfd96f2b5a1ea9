# expect: 3:8 syntax error:
import threading
if True
    pass
