# expect: 2:1 error: ctrl-c pragma needs a press count
# pythread: ctrl-c=lots
