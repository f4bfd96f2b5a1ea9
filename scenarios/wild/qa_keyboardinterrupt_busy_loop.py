# source: https://errorhandle.ai/what-happens-exactly-internally-when-i-terminate-my-python-script-using-ctrl-c
# adapted: re-typed; nothing else needed (a busy "while True: pass" loop ended by Ctrl-C)
# pythread: ctrl-c
try:
    while True:
        pass
except KeyboardInterrupt:
    print("Script terminated by user. Cleaning up...")
