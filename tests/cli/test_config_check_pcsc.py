"""`rfid-edge config check FILE` on the ``[pcsc]`` section (:class:`drivers.pcsc.settings.PcscSettings`):
each wrong key is one line naming ``[pcsc] key`` and what is allowed; its defaults come from the
model alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import rfid_edge, write


@pytest.mark.parametrize(("toml", "line"), [
    ('[pcsc]\nreadr = "pcsc://x"\n', "[pcsc] readr: unknown key (did you mean reader?)"),
    ('[pcsc]\nsources = ["ndef", "barcode"]\n',
     "[pcsc] sources[1]: \"barcode\" is not allowed (should be 'ndef', 'iso28560-3' or 'uid')"),
    ('[pcsc]\nsources = []\n',
     "[pcsc] sources: [] is not allowed (tuple should have at least 1 item after validation, "
     "not 0)"),
    ('[pcsc]\nuid_byte_order = "big"\n',
     "[pcsc] uid_byte_order: \"big\" is not allowed (should be 'msb' or 'lsb')"),
    ('[pcsc]\nuid_rendering = "octal"\n',
     "[pcsc] uid_rendering: \"octal\" is not allowed (should be 'hex' or 'decimal')"),
    ('[pcsc]\nuid_width = 41\n',
     "[pcsc] uid_width: 41 is not allowed (should be less than or equal to 40)"),
    ('[pcsc]\napdu_timeout_s = 0\n',
     "[pcsc] apdu_timeout_s: 0 is not allowed (should be greater than 0)"),
])
def test_each_pcsc_problem_is_one_line(tmp_path: Path, toml: str, line: str) -> None:
    conf = write(tmp_path / "k.toml", toml)
    done = rfid_edge("config", "check", str(conf))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [f"{conf}: {line}"]


def test_a_full_pcsc_section_passes(tmp_path: Path) -> None:
    conf = write(tmp_path / "k.toml", '[pcsc]\nreader = "pcsc://ACS*"\nsources = ["uid"]\n'
                                      'uid_byte_order = "lsb"\nuid_rendering = "decimal"\n'
                                      'uid_width = 10\napdu_timeout_s = 1.5\n')
    done = rfid_edge("config", "check", str(conf))
    assert (done.returncode, done.stderr) == (0, f"{conf}: OK\n")


def test_misspelt_sip2_key_is_one_line_naming_it(tmp_path: Path) -> None:
    """``[central.sip2]`` is validated by :class:`sync.ils.sip2_settings.Sip2Settings`: a
    misspelt key is named with the keys it may have meant, not "none allowed"."""
    conf = write(tmp_path / "c.toml", '[central]\nils = "sip2"\n[central.sip2]\nhost = "ils"\n'
                                      'port = 6001\npasword = "x"\n')
    done = rfid_edge("config", "check", str(conf))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{conf}: [central.sip2] pasword: unknown key (did you mean password?)"]
    conf = write(tmp_path / "d.toml", '[central.sip2]\nhost = "ils"\nport = 6001\ncolour = 1\n')
    line = rfid_edge("config", "check", str(conf)).stderr
    assert line.startswith(f"{conf}: [central.sip2] colour: unknown key (allowed: "), line
    assert "host" in line and "sort_bins" in line


def test_staff_pin_hash_format_is_checked(tmp_path: Path) -> None:
    """``[kiosk.staff]`` maps a staff card id to a PIN hash; a plain PIN is refused, a hash
    from ``hash_pin`` passes."""
    from kiosk.core.flows.staff import hash_pin

    conf = write(tmp_path / "k.toml", '[kiosk.staff]\n"2399000001" = "2468"\n')
    done = rfid_edge("config", "check", str(conf))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f'{conf}: [kiosk.staff] 2399000001: "2468" is not allowed (should be '
        "pbkdf2$<salt>$<64 hex digits> from kiosk.core.flows.staff.hash_pin, never the PIN "
        "itself)"]
    conf = write(tmp_path / "ok.toml", f'[kiosk.staff]\n"2399000001" = "{hash_pin("2468", "s")}"\n')
    done = rfid_edge("config", "check", str(conf))
    assert (done.returncode, done.stderr) == (0, f"{conf}: OK\n")
