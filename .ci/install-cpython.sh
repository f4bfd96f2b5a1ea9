#!/usr/bin/env bash
# Installs extra CPython versions beside the system's python3, for differential runs.
#
#   .ci/install-cpython.sh [VERSION ...]     (default: 3.13 3.14)
#
# (A copy of ../shared/tools/install-cpython.sh, so that CI, which has only the repository, can run it.)
#
# Each version comes from Debian's own packages (the newest of the testing and unstable
# suites, from the mirror this machine's apt already uses). The packages are unpacked, not installed, into
# /opt/cpython-VERSION together with that suite's C library, so the system's Python and
# libc stay as they are. A wrapper /usr/local/bin/pythonVERSION runs the interpreter with
# its own loader and PYTHONHOME. The standard library is then compiled to .pyc: Debian's
# packages ship none (their postinst compiles them), and without them, where
# PYTHONDONTWRITEBYTECODE is set, every start compiles what it imports — 3.14 then took
# about 200 ms to print a traceback, long enough for another thread to act meanwhile.
# Idempotent: a version whose wrapper already runs is skipped (its library still compiled
# if it was not).
# Needs root (as on the project's machines and CI). Takes about 10 s per version.
set -euo pipefail

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.13 3.14)

# Compiles /opt/cpython-V's standard library (compileall writes the .pyc files even where
# PYTHONDONTWRITEBYTECODE is set, and skips those already up to date: well under a second
# then). Serially: compileall's worker processes would start the real binary without the
# wrapper's loader.
precompile() {
    local lib="/opt/cpython-$1/usr/lib/python$1"
    if [ -d "$lib" ]; then
        "/usr/local/bin/python$1" -m compileall -q "$lib" >/dev/null 2>&1 || true
        echo "python$1: standard library compiled"
    fi
}

todo=()
for v in "${versions[@]}"; do
    if "/usr/local/bin/python$v" -c 'import sys' >/dev/null 2>&1; then
        echo "python$v: already installed ($("/usr/local/bin/python$v" -c 'import sys; print(sys.version.split()[0])'))"
        precompile "$v"
    else
        todo+=("$v")
    fi
done
[ ${#todo[@]} -gt 0 ] || exit 0

# The mirror apt already uses on this machine (read from its sources; named nowhere here).
mirror=$(grep -h -m1 -E '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | awk '{print $2}' || true)
[ -n "$mirror" ] || mirror=$(grep -h -m1 -E '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' || true)
[ -n "$mirror" ] || { echo "install-cpython: no Debian mirror found in apt's sources" >&2; exit 1; }

work=$(mktemp -d /tmp/install-cpython.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
for suite in trixie sid; do
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main"
done > "$work/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
          -o "Dir::State::lists=$work/lists" -o "Dir::Cache=$work/cache"
          -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root" -qq)
apt-get "${apt_opts[@]}" update
cd "$work/debs"
apt-get "${apt_opts[@]}" download libc6    # the newest of the two suites
for v in "${todo[@]}"; do
    apt-get "${apt_opts[@]}" download "python$v-minimal" "libpython$v-minimal" "libpython$v-stdlib"
    root="/opt/cpython-$v"
    rm -rf "$root"; mkdir -p "$root"
    for deb in libc6_*.deb *"python$v"-*.deb; do dpkg-deb -x "$deb" "$root"; done
    cat > "/usr/local/bin/python$v" <<WRAP
#!/bin/sh
# CPython $v unpacked from Debian's packages into $root (by install-cpython.sh)
PYTHONHOME=$root/usr
export PYTHONHOME
exec $root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 --library-path $root/usr/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu $root/usr/bin/python$v "\$@"
WRAP
    chmod +x "/usr/local/bin/python$v"
    precompile "$v"
    echo "python$v: $("/usr/local/bin/python$v" -c 'import sys; print(sys.version.split()[0], sys.platform)')"
done
