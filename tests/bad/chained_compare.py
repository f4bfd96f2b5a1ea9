# expect: 3:5 unsupported: chained comparison
x = 1
y = 1 == x == 1
