"""Packing Station GUI (PySide6) on top of the station core."""
