# source: https://github.com/radical-cybertools/radical.pilot/blob/HEAD/docs/architecture/termination/issues/issue_6634.py
# adapted: re-typed; Python 2 print -> print(); the main thread's time.sleep(100) shortened to 1 s and a final print added so the run ends by itself
# https://bugs.python.org/issue6634

import os
import sys
import time
import threading as mt

def work():

    print('exit now')
    # this should call the python interpreter to exit - it does not.
    sys.exit()


def test():

    child = mt.Thread(target=work)
    child.daemon = True
    child.start()

    time.sleep(1)
    print('main thread still running')

if __name__ == '__main__':
    test()
