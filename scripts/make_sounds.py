"""Generate the packing station's feedback sounds (ui/feedback/sounds/*.wav) with the stdlib.

Owns the four tones the packer hears: each has a different pitch contour so they can be
told apart without looking (and by people who cannot hear high pitches well, the error
is also low and long):

- ok: one short high beep;
- error: a low, rough double buzz;
- input_needed: two rising tones ("question");
- complete: a rising three-note chime (C6–E6–G6).

16-bit mono 44.1 kHz PCM, each under 0.5 s, peak at 70 % of full scale (never clips).
Every tone is shaped with short fade-in/fade-out ramps, because a tone that starts or
stops mid-wave clicks. Output is deterministic, so the committed files can be checked
against a fresh run (tests/ui/test_feedback.py does).

Usage: python scripts/make_sounds.py [OUTPUT_DIR]   (default: ui/feedback/sounds)
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

RATE = 44_100
PEAK = 0.7  # of full scale: headroom, and loud enough over a warehouse
RAMP_S = 0.006
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "ui" / "feedback" / "sounds"

Wave = Callable[[float], float]  # phase in cycles → sample in [-1, 1]


def sine(phase: float) -> float:
    return math.sin(2 * math.pi * phase)


def buzz(phase: float) -> float:
    """Odd harmonics (a soft square wave): rough and audible on small speakers."""
    return sum(math.sin(2 * math.pi * n * phase) / n for n in (1, 3, 5, 7)) / 1.1


def tone(freq: float, seconds: float, shape: Wave = sine, decay: float = 0.0) -> list[float]:
    """One note with fade ramps; `decay` (per second) makes it ring out like a chime."""
    count = int(RATE * seconds)
    ramp = max(1, int(RATE * RAMP_S))
    samples = []
    for i in range(count):
        envelope = min(1.0, i / ramp, (count - 1 - i) / ramp) * math.exp(-decay * i / RATE)
        samples.append(shape(freq * i / RATE) * envelope)
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def ok_sound() -> list[float]:
    return tone(1760, 0.09)


def error_sound() -> list[float]:
    return tone(150, 0.16, buzz) + silence(0.06) + tone(150, 0.16, buzz)


def input_needed_sound() -> list[float]:
    return tone(660, 0.12) + silence(0.04) + tone(990, 0.14)


def complete_sound() -> list[float]:
    return tone(1047, 0.11, decay=4) + tone(1319, 0.11, decay=4) + tone(1568, 0.2, decay=6)


SOUNDS: dict[str, Callable[[], list[float]]] = {
    "ok": ok_sound,
    "error": error_sound,
    "input_needed": input_needed_sound,
    "complete": complete_sound,
}


def to_pcm16(samples: Sequence[float]) -> bytes:
    """Scale [-1, 1] samples to PEAK of full scale; clamp anyway so rounding never wraps."""
    top = 32767
    values = (max(-top, min(top, round(s * PEAK * top))) for s in samples)
    return b"".join(struct.pack("<h", v) for v in values)


def write_wav(path: Path, samples: Sequence[float]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(to_pcm16(samples))


def write_sounds(out_dir: Path = DEFAULT_DIR) -> list[Path]:
    """Write all four wav files into `out_dir` (created if missing); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SOUNDS.items():
        path = out_dir / f"{name}.wav"
        write_wav(path, make())
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: make_sounds.py [OUTPUT_DIR]", file=sys.stderr)
        return 2
    for path in write_sounds(Path(args[0]) if args else DEFAULT_DIR):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
