# expect: 4:5 unsupported: a nested `def` that reads `count` of the enclosing function
def f():
    count = 0
    def g():
        print(count)
    g()
