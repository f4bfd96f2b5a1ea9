# expect: 2:1 error: name 'time' is not defined
time.sleep(1)
