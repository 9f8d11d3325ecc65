"""Audio cues for success, failure and attention — chosen from core events, played off-thread.

PySide6-Essentials has no QtMultimedia, so the cues are short WAV files synthesised here
(sine tones with a soft envelope, written once into a cache folder) and played by the first
player found (``pw-play``, ``paplay``, ``aplay``) as a detached subprocess: the UI thread never
waits for sound. Which cue an event gets is the pure function :func:`cue_for`, so it is tested
without a sound card; :class:`CuePlayer` keeps a history of what it was asked to play.
"""

from __future__ import annotations

import enum
import logging
import math
import shutil
import struct
import subprocess
import wave
from pathlib import Path

from kiosk.core import events as ev

log = logging.getLogger(__name__)

RATE = 22050


class Cue(enum.Enum):
    ITEM = "item"  # an item appeared on the stack and is fine
    PROBLEM = "problem"  # an item (or the patron) needs attention
    SUCCESS = "success"  # done: loans recorded, patron identified
    FAILURE = "failure"  # an action failed or the station is out of order
    WARNING = "warning"  # idle warning: the session is about to end


#: (frequency Hz, duration s) per note.
TONES: dict[Cue, tuple[tuple[float, float], ...]] = {
    Cue.ITEM: ((1320.0, 0.07),),
    Cue.PROBLEM: ((440.0, 0.18), (330.0, 0.22)),
    Cue.SUCCESS: ((660.0, 0.1), (880.0, 0.1), (1320.0, 0.16)),
    Cue.FAILURE: ((300.0, 0.25), (220.0, 0.35)),
    Cue.WARNING: ((880.0, 0.12), (0.0, 0.08), (880.0, 0.12)),
}

_PROBLEM_ROWS = ev.RowStatus.ALL - ev.RowStatus.ACTIONABLE - {ev.RowStatus.CHECKING, ev.RowStatus.DONE}


def cue_for(event: ev.Event) -> Cue | None:
    """The cue a patron hears for ``event`` (None: silence)."""
    match event:
        case ev.StackRow(status=status) if status in ev.RowStatus.ACTIONABLE:
            return Cue.ITEM
        case ev.StackRow(status=status) if status in _PROBLEM_ROWS:
            return Cue.PROBLEM
        case ev.ItemOutcome(result=result) if result != ev.ItemResult.DONE:
            return Cue.FAILURE
        case ev.PatronIdentified():
            return Cue.SUCCESS
        case ev.PatronRefused():
            return Cue.FAILURE
        case ev.StateChanged(state=ev.State.DONE):
            return Cue.SUCCESS
        case ev.SortInstruction():
            return Cue.ITEM
        case ev.DispenseProgress(stage="delivered"):
            return Cue.SUCCESS
        case ev.DispenseProgress(stage="failed"):
            return Cue.FAILURE
        case ev.IdleWarning(seconds_left=s) if s > 0:
            return Cue.WARNING
        case ev.OutOfOrder():
            return Cue.FAILURE
        case ev.Notice(code=code) if code in (ev.NoticeCode.SEE_STAFF, ev.NoticeCode.LIMIT_REACHED,
                                              ev.NoticeCode.STATION_QUOTA, ev.NoticeCode.PICKUP_WINDOW):
            return Cue.PROBLEM
    return None


def synthesise(cue: Cue) -> bytes:
    """16-bit mono PCM frames of ``cue`` (10 ms fade in/out per note: no clicks)."""
    frames = bytearray()
    fade = int(RATE * 0.01)
    for freq, seconds in TONES[cue]:
        n = int(RATE * seconds)
        for i in range(n):
            env = min(1.0, i / fade, (n - 1 - i) / fade) if fade else 1.0
            sample = 0.0 if freq == 0 else math.sin(2 * math.pi * freq * i / RATE) * 0.45 * env
            frames += struct.pack("<h", int(sample * 32767))
    return bytes(frames)


def write_wav(cue: Cue, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"cue-{cue.value}.wav"
    if not path.exists():
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(synthesise(cue))
    return path


def find_player() -> list[str] | None:
    for name, args in (("pw-play", []), ("paplay", []), ("aplay", ["-q"])):
        path = shutil.which(name)
        if path:
            return [path, *args]
    return None


class CuePlayer:
    """Plays cues without blocking; ``enabled`` off keeps the history but makes no sound."""

    def __init__(self, folder: Path, *, enabled: bool = True, player: list[str] | None = None) -> None:
        self.folder = folder
        self.enabled = enabled
        self.player = player if player is not None else find_player()
        self.history: list[Cue] = []
        self._proc: subprocess.Popen[bytes] | None = None
        if self.player is None:
            log.info("no audio player (pw-play/paplay/aplay): cues are silent")

    def on_event(self, event: ev.Event) -> Cue | None:
        cue = cue_for(event)
        if cue is not None:
            self.play(cue)
        return cue

    def play(self, cue: Cue) -> None:
        self.history.append(cue)
        if not self.enabled or not self.player:
            return
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()  # a newer cue wins; never queue sounds behind each other
        try:
            self._proc = subprocess.Popen(
                [*self.player, str(write_wav(cue, self.folder))],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            log.warning("audio cue failed: %s", exc)

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
