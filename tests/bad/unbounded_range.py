# expect: 3:16 unsupported: a range bound
n = 3
for i in range(n):
    pass
