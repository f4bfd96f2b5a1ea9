# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1447-L1522
# adapted: class ThreadRunFail (L1447-L1449) and ExceptHookTests.test_custom_excepthook (L1503-L1522) made a module-level script; the hook's nonlocal became a global; support.swap_attr(threading, 'excepthook', hook) → save, assign and restore in try/finally; self.assertEqual / assertIs → assert
import threading

class ThreadRunFail(threading.Thread):
    def run(self):
        raise ValueError("run failed")

args = None

def hook(hook_args):
    global args
    args = hook_args

try:
    old_hook = threading.excepthook
    threading.excepthook = hook
    try:
        thread = ThreadRunFail()
        thread.start()
        thread.join()
    finally:
        threading.excepthook = old_hook

    assert args.exc_type == ValueError
    assert str(args.exc_value) == 'run failed'
    assert args.exc_traceback == args.exc_value.__traceback__
    assert args.thread is thread
finally:
    # Break reference cycle
    args = None
