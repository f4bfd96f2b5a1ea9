# expect: 4:3 unsupported: keyword arguments in a call
def f(a):
    pass
f(a=1)
