# expect: 3:1 unsupported: operator `<<=`
x = 1
x <<= 2
