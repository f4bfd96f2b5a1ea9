# expect: 4:1 unsupported: name `x` is both a function or class and a value
def x():
    pass
x = 3
