#!/usr/bin/env bash
# Installs the pinned Checkov into a virtual environment cached per version (and Python minor),
# so CI and developers on this machine pay the PyPI install once. Prints the checkov binary's path
# on stdout; progress on stderr. Idempotent: a complete cached venv is reused as it is.
#   ECS_PLATFORM_TOOLS_CACHE  cache root (default $XDG_CACHE_HOME or ~/.cache, then /ecs-platform)
#   CHECKOV_PYTHON            the Python to build the venv with (default python3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(tr -d '[:space:]' < "$here/checkov-version.txt")"
python="${CHECKOV_PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "install-checkov: $python not found (Checkov needs Python 3.9+)" >&2; exit 2; }
pyver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
root="${ECS_PLATFORM_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecs-platform}"
venv="$root/checkov-$version-py$pyver"
# The marker is written last: a venv without it is a half-finished install and is rebuilt.
if [ -x "$venv/bin/checkov" ] && [ -f "$venv/.complete" ]; then
    echo "$venv/bin/checkov"
    exit 0
fi
mkdir -p "$root"
# Serialise concurrent installs (CI beside a developer's npm test) on one lock per venv.
exec 9>"$venv.lock"
flock 9
if [ -x "$venv/bin/checkov" ] && [ -f "$venv/.complete" ]; then
    echo "$venv/bin/checkov"
    exit 0
fi
echo "install-checkov: installing checkov==$version into $venv (first time only)" >&2
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    -c "$here/checkov-constraints.txt" "checkov==$version" >&2
"$venv/bin/checkov" --version >/dev/null
touch "$venv/.complete"
echo "$venv/bin/checkov"
