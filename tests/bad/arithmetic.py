# expect: 2:5 unsupported: arithmetic
x = 1 + 2
