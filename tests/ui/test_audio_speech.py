"""Audio cues chosen from core events, synthesised as WAV; spoken prompts through espeak-ng."""

from __future__ import annotations

import datetime as dt
import wave

import pytest

from kiosk.core import events as E
from kiosk.ui.audio import Cue, CuePlayer, cue_for, synthesise, write_wav
from kiosk.ui.speech import VOICES, Speaker


@pytest.mark.parametrize(("event", "cue"), [
    (E.StackRow(uid="E0", status=E.RowStatus.OK, title="x"), Cue.ITEM),
    (E.StackRow(uid="E0", status=E.RowStatus.RENEW), Cue.ITEM),
    (E.StackRow(uid="E0", status=E.RowStatus.OTHER_LIBRARY), Cue.PROBLEM),
    (E.StackRow(uid="E0", status=E.RowStatus.SET_INCOMPLETE, parts=2, parts_present=1), Cue.PROBLEM),
    (E.StackRow(uid="E0", status=E.RowStatus.CHECKING), None),
    (E.ItemOutcome(item_id="1", action="checkout", result="done", due_date=dt.date(2026, 1, 1)), None),
    (E.ItemOutcome(item_id="1", action="checkout", result="compensated", reason="afi_write"), Cue.FAILURE),
    (E.PatronIdentified(patron="23****01"), Cue.SUCCESS),
    (E.PatronRefused(reason=E.Refusal.BLOCKED), Cue.FAILURE),
    (E.StateChanged(state=E.State.DONE), Cue.SUCCESS),
    (E.StateChanged(state=E.State.STACK), None),
    (E.IdleWarning(seconds_left=10), Cue.WARNING),
    (E.IdleWarning(seconds_left=0), None),
    (E.OutOfOrder(reason="outbox"), Cue.FAILURE),
    (E.Notice(code=E.NoticeCode.LIMIT_REACHED), Cue.PROBLEM),
    (E.Notice(code=E.NoticeCode.RATING_THANKS), None),
])
def test_cue_selection(event, cue) -> None:
    assert cue_for(event) is cue


def test_cues_are_distinct_valid_wavs(tmp_path) -> None:
    frames = {cue: synthesise(cue) for cue in Cue}
    assert len(set(frames.values())) == len(Cue)
    for cue in Cue:
        path = write_wav(cue, tmp_path)
        with wave.open(str(path)) as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
            assert w.getnframes() == len(frames[cue]) // 2 > 1000


def test_player_history_without_a_sound_card(tmp_path) -> None:
    player = CuePlayer(tmp_path, enabled=True, player=[])
    assert player.on_event(E.PatronRefused(reason=E.Refusal.EXPIRED)) is Cue.FAILURE
    assert player.on_event(E.StateChanged(state=E.State.STACK)) is None
    assert player.history == [Cue.FAILURE]


@pytest.mark.parametrize(("lang", "text"), [("zh_TW", "請將借書證放在讀卡區"), ("en", "Place your card"),
                                            ("vi", "Đặt thẻ thư viện"), ("id", "Letakkan kartu")])
def test_espeak_speaks_every_language(tmp_path, lang, text) -> None:
    speaker = Speaker(enabled=True, wav_dir=tmp_path)
    assert speaker.available, "espeak-ng is part of the system packages"
    speaker.say(text, lang)
    speaker.wait()
    (wav,) = tmp_path.glob(f"*-{lang}.wav")
    with wave.open(str(wav)) as w:
        assert w.getnframes() > w.getframerate() // 4  # a quarter second of speech at least
    assert speaker.spoken == [(lang, text)]
    assert lang in VOICES


def test_speech_off_says_nothing(tmp_path) -> None:
    speaker = Speaker(enabled=False, wav_dir=tmp_path)
    speaker.say("hello", "en")
    assert speaker.spoken == [] and not list(tmp_path.iterdir())
