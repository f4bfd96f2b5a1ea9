# expect: 3:1 unsupported: `while` loop
import time
while True:
    time.sleep(1)
