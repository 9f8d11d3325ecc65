"""Scenario files for the headless kiosk runner (package data)."""
