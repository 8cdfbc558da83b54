"""Product thumbnails for the item table: the cached image (station.sync.images) scaled to
THUMB_PX, or a grey "no image" placeholder when the product has none on disk yet.

Owns how a thumbnail looks, so ui.packing.main_window's PackagePanel only asks for a cell.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from station.sync.images import ImageCache

THUMB_PX = 48  # enough to tell a red shirt from a blue one at arm's length
NO_IMAGE_TIP = "No image cached for this product yet"


class Thumbnails:
    """Thumbnail cells read from `images` (the user cache dir when not given)."""

    def __init__(self, images: ImageCache | None = None) -> None:
        self.images = images if images is not None else ImageCache()
        self.placeholder = _placeholder()

    @staticmethod
    def prepare(table: QTableWidget) -> None:
        """Size `table`'s icons and rows for thumbnails."""
        table.setIconSize(QSize(THUMB_PX, THUMB_PX))
        table.verticalHeader().setDefaultSectionSize(THUMB_PX + 6)

    def cell(self, product_id: int) -> QTableWidgetItem:
        # Read from disk on every fill: the sync thread may have cached it since.
        pixmap = scaled(self.images.path_for(product_id))
        item = QTableWidgetItem()
        item.setData(Qt.ItemDataRole.DecorationRole, pixmap or self.placeholder)
        item.setToolTip("" if pixmap is not None else NO_IMAGE_TIP)
        return item


def scaled(path: Path | None) -> QPixmap | None:
    """The image at `path` scaled to THUMB_PX; None when missing or unreadable."""
    pixmap = QPixmap(str(path)) if path is not None else QPixmap()
    if pixmap.isNull():
        return None
    return pixmap.scaled(THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


def _placeholder() -> QPixmap:
    pixmap = QPixmap(THUMB_PX, THUMB_PX)
    pixmap.fill(QColor("#eeeeee"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#9e9e9e"))
    painter.drawRect(0, 0, THUMB_PX - 1, THUMB_PX - 1)
    font = painter.font()
    font.setPointSize(8)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "no\nimage")
    painter.end()
    return pixmap
