# source: https://includestdio.com/7490.html
# adapted: re-typed from the accepted answer (an interactive session) into a script; alarm(10) shortened to alarm(1) and the loop sleeps 0.4 s
import signal

# Register an handler for the timeout
def handler(signum, frame):
    print("Forever is over!")
    raise Exception("end of time")

# This function *may* run for an indetermined time...
def loop_forever():
    import time
    while 1:
        print("sec")
        time.sleep(0.4)

# Register the signal function handler
signal.signal(signal.SIGALRM, handler)

# Define a timeout for your function
signal.alarm(1)

try:
    loop_forever()
except Exception as exc:
    print(exc)

# Cancel the timer if the function returned before timeout
signal.alarm(0)
