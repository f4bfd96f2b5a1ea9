# expect: 4:8 unsupported: exception class `UnicodeDecodeError`
try:
    pass
except UnicodeDecodeError:
    pass
