# expect: 2:7 error: name 'y' is not defined
print(y)
