"""Packing Station core: pure Python, no Qt. The `ui` package sits on top of it."""

__version__ = "0.1.0"
