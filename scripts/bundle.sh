#!/usr/bin/env bash
# `make bundle`: the PyInstaller one-folder bundle from build.spec, its size checked
# against the target, and a compressed archive beside it. Prints the figures as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT_MB="${BUNDLE_LIMIT_MB:-180}"
start=$(date +%s)
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
build_s=$(( $(date +%s) - start ))
folder=dist/packing-station
size_mb=$(du -sm "$folder" | cut -f1)
archive=dist/packing-station-linux-$(uname -m).tar.zst
.venv/bin/python - "$folder" "$archive" <<'PY'
import sys, tarfile, zstandard
folder, archive = sys.argv[1], sys.argv[2]
with open(archive, "wb") as raw, zstandard.ZstdCompressor(level=19, threads=-1).stream_writer(raw) as out:
    with tarfile.open(fileobj=out, mode="w|") as tar:
        tar.add(folder, arcname="packing-station")
PY
archive_mb=$(du -sm "$archive" | cut -f1)
echo "{\"folder_mb\": $size_mb, \"archive_mb\": $archive_mb, \"build_s\": $build_s, \"limit_mb\": $LIMIT_MB}"
if [ "$size_mb" -gt "$LIMIT_MB" ]; then
    echo "bundle: $folder is $size_mb MB, over the $LIMIT_MB MB target" >&2
    exit 1
fi
