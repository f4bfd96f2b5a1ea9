# expect: 2:5 unsupported: list comprehension
x = [i for i in range(3)]
