"""pythread: every outcome and hazard of a threaded Python script.

The tool is the `pythread` command this package installs beside it (a Rust
binary); `python -m pythread` runs it too.
"""

import os
import sys
import sysconfig


def find_pythread_bin() -> str:
    """The path of the installed `pythread` binary."""
    exe = "pythread" + (sysconfig.get_config_var("EXE") or "")
    candidates = [sysconfig.get_path("scripts")]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        candidates.append(sysconfig.get_path("scripts", scheme=user_scheme))
    candidates.append(os.path.dirname(sys.executable))
    for directory in candidates:
        path = os.path.join(directory, exe)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(f"the pythread binary ({exe}) is not installed beside this package")
