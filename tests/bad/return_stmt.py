# expect: 3:5 unsupported: `return`
def f():
    return
