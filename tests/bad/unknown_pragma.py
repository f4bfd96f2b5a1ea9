# expect: 2:1 unsupported: pragma `timeout=3`
# pythread: timeout=3
