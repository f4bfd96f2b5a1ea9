# expect: 2:5 unsupported: a list comprehension with more than one `for`
x = [i * j for i in range(3) for j in range(2)]
