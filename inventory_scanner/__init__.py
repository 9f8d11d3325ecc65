"""Handheld shelf inventory: shelf lists in call-number order, streaming reconciliation of
handheld reads (``drivers.scan`` events from a wand reader), reports, pull lists and tag
programming. The transactions it makes (``inventory_seen``, ``tag_programmed``) already have
their types in the sync schema; the rest of this package arrives with its own issues.
"""
