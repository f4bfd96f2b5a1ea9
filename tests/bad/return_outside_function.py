# expect: 3:5 syntax error: 'return' outside function
if True:
    return 1
