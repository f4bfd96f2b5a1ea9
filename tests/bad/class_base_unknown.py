# expect: 4:14 unsupported: class `Handler`: base `dict`
import threading

class Handler(dict):
    pass
