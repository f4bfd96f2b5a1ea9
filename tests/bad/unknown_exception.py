# expect: 4:8 unsupported: exception class `OSError`
try:
    pass
except OSError:
    pass
