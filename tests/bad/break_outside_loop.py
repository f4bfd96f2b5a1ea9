# expect: 3:5 syntax error: 'break' outside loop
if True:
    break
