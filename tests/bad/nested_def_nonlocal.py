# expect: 4:5 unsupported: a nested `def` that reads `n` of the enclosing function
def counter():
    n = 0
    def bump():
        nonlocal n
        n += 1
    bump()
