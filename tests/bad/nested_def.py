# expect: 3:5 unsupported: a nested `def`
def f():
    def g():
        pass
