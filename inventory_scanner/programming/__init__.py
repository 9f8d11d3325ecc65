"""The tag programming station: every new item gets a tag, and barcode collections are
converted a cart at a time, with each tag's UID reported to the centre.

* :mod:`.plan` — the image of each part (ISO 28560-3, -2 or 3M) and which tag on the pad gets
  which; a foreign or unreadable tag is refused unless staff confirm a re-tag.
* :mod:`.session` — one item's tags through write, read-back, compare, AFI and lock, sans-I/O
  (commands out, results in); a tag lifted mid-write is written again.
* :mod:`.journal` — the batch queue and what was written, in SQLite, so a crash mid-batch
  resumes without writing any tag twice.
* :mod:`.station` — the I/O shell over a :class:`drivers.reader.Reader`, the journal and the
  outbox (``tag_programmed`` transactions).
* :mod:`.settings` — the typed ``[tagprog]`` section.
"""
