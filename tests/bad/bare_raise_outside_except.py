# expect: 2:1 unsupported: bare `raise` outside an `except` block
raise
