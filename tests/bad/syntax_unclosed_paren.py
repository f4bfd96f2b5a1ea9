# expect: 4:1 syntax error:
import time
print("x"
