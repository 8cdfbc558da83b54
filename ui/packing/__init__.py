"""The packing screen: the main window, the package queue, the open package's panel,
the chooser for scans that match several packages, the supervisor override dialog,
and product thumbnails."""

from ui.packing.main_window import BASE_FONT_PT, MainWindow

__all__ = ["BASE_FONT_PT", "MainWindow"]
