# expect: 4:1 error: f() takes 1 positional argument(s) but 2 were given
def f(a):
    pass
f(1, 2)
