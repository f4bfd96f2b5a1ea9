# An exception raised inside a method (or an `__init__`) while it handles
# one of its own has that one as its `__context__`, even when the caller
# is itself handling another: the traceback chains all three, oldest
# first. (`str()` of a KeyError is its argument's repr.)
class Store:
    def __init__(self, fail):
        if fail:
            try:
                raise ValueError("inner")
            except ValueError:
                raise KeyError("from __init__")

    def get(self):
        try:
            raise ValueError("inner")
        except ValueError:
            raise KeyError("from get")


s = Store(False)
try:
    1 / 0
except ZeroDivisionError:
    try:
        s.get()
    except KeyError as e:
        print("caught", e)
try:
    1 / 0
except ZeroDivisionError:
    Store(True)
