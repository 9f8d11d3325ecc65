"""Handheld shelf inventory, sans-I/O: the library every inventory tool stands on.

* :mod:`~inventory_scanner.callnumbers` — call numbers in shelf order (中國圖書分類法 ``ccl``,
  ``dewey``, ``lc``) as string sort keys; an unreadable one is kept, flagged, sorted last.
* :mod:`~inventory_scanner.shelflist` — what a range should hold: CSV, the centre's JSON lines
  and MARC holdings (Koha 952, MARC 852, local 095), streamed into typed
  :class:`~inventory_scanner.shelflist.ShelfItem` rows and indexed by item id and tag UID.
* :mod:`~inventory_scanner.reconcile` and :mod:`~inventory_scanner.findings` — reads in, as
  they come; found, missing, misplaced, the fewest books to move
  (:mod:`~inventory_scanner.order`), status and security-marker findings, unknown tags, pull
  lists and KPIs out.
* :mod:`~inventory_scanner.report` — the report as CSV and printable HTML (zh-TW, en);
  :mod:`~inventory_scanner.messages` — the sweep as ``inventory_seen`` outbox transactions.
* :mod:`~inventory_scanner.settings` — the typed ``[inventory]`` section.

The handheld sweep itself (reader loop, simulator, staff screen) and tag programming build on
this in their own issues.
"""
