"""Spoken prompts through espeak-ng (present on the Debian image), never on the UI thread.

Qt TextToSpeech is not in PySide6-Essentials, so the kiosk runs ``espeak-ng`` as a subprocess
with the voice of the UI language; a newer prompt cuts the older one off. With ``wav_dir``
set (tests, the headless demo) the speech is written to WAV files instead of the sound card,
which proves the engine really produced audio for the text.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

#: UI language → espeak-ng voice.
VOICES = {"zh_TW": "cmn", "en": "en-gb", "vi": "vi", "id": "id"}


class Speaker:
    def __init__(self, *, enabled: bool = True, wav_dir: Path | None = None, rate_wpm: int = 150) -> None:
        self.engine = shutil.which("espeak-ng")
        self.enabled = enabled and self.engine is not None
        self.wav_dir = wav_dir
        self.rate_wpm = rate_wpm
        self.spoken: list[tuple[str, str]] = []  # (language, text), newest last
        self._proc: subprocess.Popen[bytes] | None = None
        self._count = 0

    @property
    def available(self) -> bool:
        return self.engine is not None

    def say(self, text: str, lang: str) -> None:
        """Speak ``text`` in ``lang`` (interrupting any prompt still being spoken)."""
        text = " ".join(text.split())
        if not text or not self.enabled:
            return
        self.spoken.append((lang, text))
        self.stop()
        cmd = [self.engine or "espeak-ng", "-v", VOICES.get(lang, "en-gb"), "-s", str(self.rate_wpm)]
        if self.wav_dir is not None:
            self.wav_dir.mkdir(parents=True, exist_ok=True)
            self._count += 1
            cmd += ["-w", str(self.wav_dir / f"prompt-{self._count:03d}-{lang}.wav")]
        cmd += ["--", text]
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)
        except OSError as exc:
            log.warning("espeak-ng failed: %s", exc)

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None and self.wav_dir is None:
            self._proc.terminate()

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for the current prompt (tests and the headless demo only)."""
        if self._proc is not None:
            self._proc.wait(timeout)
