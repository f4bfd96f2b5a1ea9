# expect: 3:1 unsupported: augmented assignment
x = 1
x += 1
