#!/usr/bin/env bash
# CI's packaging checks (after the tests): the wheel installed into a fresh venv outside
# the checkout runs its self-test; the bundle is built (size-checked by bundle.sh) and
# runs its self-test, --version, the simulator, sync and status against it.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen

echo "== wheel"
.venv/bin/pip wheel -q --no-deps -w "$WORK/wheel" .
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q "$WORK"/wheel/*.whl
(cd "$WORK" && "$WORK/venv/bin/packing-station" self-test)
du -h "$WORK"/wheel/*.whl | cut -f1 | sed 's/^/wheel size: /'

echo "== bundle"
.venv/bin/pip install -q -e '.[build]'
bash scripts/bundle.sh
BIN=$REPO/dist/packing-station/packing-station
(cd "$WORK" && "$BIN" self-test)
"$BIN" --version
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" simulator --port "$PORT" --packages 50 > "$WORK/sim.log" 2>&1 &
for _ in $(seq 50); do grep -q "127.0.0.1:$PORT" "$WORK/sim.log" 2>/dev/null && break; sleep 0.2; done
echo demo | "$BIN" sync --base-url "http://127.0.0.1:$PORT" --username demo --password-stdin \
    --stock-location 1 --db "$WORK/bundle.db" --full
"$BIN" status --db "$WORK/bundle.db"
echo "packaging checks passed"
