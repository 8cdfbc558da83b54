#!/usr/bin/env bash
# Brings a fresh Debian-like machine up to what the app and its tests need:
# the Debian packages in .ci/debian-packages.txt and a .venv with the project
# installed (editable, with test extras). Cheap to re-run: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(grep -vE '^\s*(#|$)' .ci/debian-packages.txt)
missing=()
for pkg in $want; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "ensure-env: installing Debian packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "ensure-env: creating .venv with $($python --version)"
    $python -m venv .venv
fi
if [ ! -f .venv/.setup-stamp ] || [ pyproject.toml -nt .venv/.setup-stamp ]; then
    echo "ensure-env: installing the project and test extras into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[test]'
    touch .venv/.setup-stamp
fi
