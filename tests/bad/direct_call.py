# expect: 4:1 unsupported: calling `f` directly
def f():
    pass
f()
