# expect: 2:6 unsupported: `with` over anything but a lock
with open("f"):
    pass
