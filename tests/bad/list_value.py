# expect: 2:5 unsupported: list
x = [1, 2]
