# expect: 2:12 unsupported: class `Quit`: a subclass of BaseException, KeyboardInterrupt or SystemExit
class Quit(SystemExit):
    pass
