"""`python -m pythread ARGS`: runs the installed `pythread` binary."""

import os
import subprocess
import sys

from pythread import find_pythread_bin


def main() -> None:
    path = find_pythread_bin()
    if sys.platform == "win32":
        sys.exit(subprocess.call([path, *sys.argv[1:]]))
    os.execv(path, [path, *sys.argv[1:]])


if __name__ == "__main__":
    main()
