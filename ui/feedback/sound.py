"""Feedback sounds: `SoundPlayer.play(kind)` for ok / error / input_needed / complete.

Owns loading the wav files (ui/feedback/sounds/, package data made by scripts/make_sounds.py) into
QSoundEffects, the station's volume and on/off setting, and falling back to
visual-only feedback when sound cannot work.

Sound is optional, never required: with no audio output device, a missing file or
a file Qt cannot load, the player becomes unavailable, logs ONE warning saying why,
and every later `play()` quietly returns False. Without an output device no
QSoundEffect is created at all (Qt would otherwise print its own errors on each
play). Note that Qt Multimedia itself may log a few warnings of its own the first
time the audio devices are listed (missing optional libraries, no PulseAudio
server); they come from Qt, once per process, and are not errors of the station.
"""

from __future__ import annotations

import enum
import importlib.resources
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices, QSoundEffect

__all__ = ["DEFAULT_SOUNDS_DIR", "FEEDBACK_SOUNDS", "SoundKind", "SoundPlayer"]

log = logging.getLogger(__name__)

# Package data (ui/feedback/sounds/), so a wheel and the bundle carry them too.
DEFAULT_SOUNDS_DIR = Path(str(importlib.resources.files("ui.feedback").joinpath("sounds")))


class SoundKind(enum.StrEnum):
    OK = "ok"
    ERROR = "error"
    INPUT_NEEDED = "input_needed"
    COMPLETE = "complete"


# Which sound goes with each ui.feedback.banner.FeedbackKind value; "info" is silent.
FEEDBACK_SOUNDS: dict[str, SoundKind] = {
    "ok": SoundKind.OK,
    "partial": SoundKind.OK,
    "over": SoundKind.ERROR,
    "wrong": SoundKind.ERROR,
    "error": SoundKind.ERROR,
    "unknown": SoundKind.ERROR,
    "complete": SoundKind.COMPLETE,
    "input_needed": SoundKind.INPUT_NEEDED,
    "alarm": SoundKind.ERROR,  # OMS refused a package the packer saw as done
}
_SILENT = frozenset({"info"})


class _State(enum.Enum):
    LOADING = enum.auto()
    READY = enum.auto()
    UNAVAILABLE = enum.auto()


class SoundPlayer(QObject):
    """Plays the four feedback sounds, or nothing at all when sound cannot work.

    Signals:
        available_changed(available): sound became usable, or was given up on (the
            window then shows feedback visually only).
        requested(kind): a sound was asked for (the feedback kind, e.g. "alarm"),
            whether or not it could be played: what the packer was meant to hear.
    """

    available_changed = Signal(bool)
    requested = Signal(str)

    def __init__(
        self,
        sounds_dir: Path = DEFAULT_SOUNDS_DIR,
        *,
        volume: float = 0.8,
        enabled: bool = True,
        audio_outputs: Callable[[], Sequence[QAudioDevice]] = QMediaDevices.audioOutputs,
        load_timeout_ms: int = 3000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sounds_dir = Path(sounds_dir)
        self._volume = self._checked_volume(volume)
        self._enabled = bool(enabled)
        self._audio_outputs = audio_outputs
        self._effects: dict[SoundKind, QSoundEffect] = {}
        self._state = _State.LOADING
        self._reason = ""
        self._warned = False
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(load_timeout_ms)
        self._load_timer.timeout.connect(self._on_load_timeout)
        self.reload()

    # --- settings ---------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """True once every sound is loaded and an output device exists."""
        return self._state is _State.READY

    @property
    def unavailable_reason(self) -> str:
        """Why there is no sound ("" while available or still loading)."""
        return self._reason

    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, enabled: bool) -> None:
        self._enabled = bool(enabled)

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, volume: float) -> None:
        self._volume = self._checked_volume(volume)
        for effect in self._effects.values():
            effect.setVolume(self._volume)

    @staticmethod
    def _checked_volume(volume: float) -> float:
        if isinstance(volume, bool) or not isinstance(volume, int | float) or not 0 <= volume <= 1:
            raise ValueError(f"volume must be a number from 0 to 1, got {volume!r}")
        return float(volume)

    # --- playing ----------------------------------------------------------------------

    def play(self, kind: SoundKind | str) -> bool:
        """Start the sound for `kind` (a SoundKind or a feedback kind such as "wrong").
        Returns whether a sound was started; False when disabled, silent or unavailable."""
        if kind in _SILENT:
            return False
        sound = self._sound_for(kind)
        self.requested.emit(str(kind))
        if not self._enabled or self._state is not _State.READY:
            return False
        self._effects[sound].play()
        return True

    @staticmethod
    def _sound_for(kind: SoundKind | str) -> SoundKind:
        if kind in FEEDBACK_SOUNDS:
            return FEEDBACK_SOUNDS[kind]
        valid = ", ".join(sorted({*FEEDBACK_SOUNDS, *_SILENT}))
        raise ValueError(f"no sound for {kind!r}; use one of: {valid}")

    # --- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Look for an output device and (re)load the files, e.g. after a headset was
        plugged in. A new failure after a reload is warned about again."""
        self._discard_effects()
        self._warned = False
        self._reason = ""
        self._state = _State.LOADING
        if not self._audio_outputs():
            self._give_up("no audio output device")
            return
        missing = [f"{kind}.wav" for kind in SoundKind if not self._path(kind).is_file()]
        if missing:
            self._give_up(f"sound files missing in {self._sounds_dir}: {', '.join(missing)}")
            return
        for kind in SoundKind:
            self._effects[kind] = self._load(kind)
        self._load_timer.start()
        self._check_loaded()

    def _path(self, kind: SoundKind) -> Path:
        return self._sounds_dir / f"{kind.value}.wav"

    def _load(self, kind: SoundKind) -> QSoundEffect:
        effect = QSoundEffect(self)
        effect.setVolume(self._volume)
        effect.statusChanged.connect(self._check_loaded)
        effect.setSource(QUrl.fromLocalFile(str(self._path(kind))))
        return effect

    def _check_loaded(self) -> None:
        if self._state is not _State.LOADING:
            return
        statuses = {kind: effect.status() for kind, effect in self._effects.items()}
        failed = [k.value for k, s in statuses.items() if s == QSoundEffect.Status.Error]
        if failed:
            self._give_up(
                f"Qt could not prepare {', '.join(failed)} from {self._sounds_dir} for playback "
                "(unreadable file, or the audio device does not accept it)"
            )
        elif statuses and all(s == QSoundEffect.Status.Ready for s in statuses.values()):
            self._load_timer.stop()
            self._set_state(_State.READY)

    def _on_load_timeout(self) -> None:
        if self._state is _State.LOADING:
            self._give_up("sounds did not load in time (audio system not responding?)")

    def _give_up(self, reason: str) -> None:
        self._load_timer.stop()
        self._discard_effects()
        self._reason = reason
        self._set_state(_State.UNAVAILABLE)
        if not self._warned:
            self._warned = True
            log.warning("Sound is off, feedback is visual only: %s", reason)

    def _discard_effects(self) -> None:
        for effect in self._effects.values():
            effect.statusChanged.disconnect(self._check_loaded)
            effect.deleteLater()
        self._effects = {}

    def _set_state(self, state: _State) -> None:
        was_available = self.available
        self._state = state
        if self.available != was_available:
            self.available_changed.emit(self.available)
