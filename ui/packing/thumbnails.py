"""Product thumbnails for the item table: the cached image (station.sync.images) scaled to
THUMB_PX, or a grey "no image" placeholder when the product has none on disk yet.

Owns how a thumbnail looks, so ui.packing.main_window's PackagePanel only asks for a cell.
Decoding and scaling an image file is done off the UI thread (ui.background.Runner): a
cell shows the placeholder at once and gets its picture when the image has been read;
scaled pictures are kept in memory, so a package opened again shows them at once.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from station.sync.images import ImageCache
from ui.background import Runner

THUMB_PX = 52  # enough to tell a red shirt from a blue one at arm's length
NO_IMAGE_TIP = str(QT_TRANSLATE_NOOP("Thumbnails", "No image cached for this product yet"))


class Thumbnails:
    """Thumbnail cells read from `images` (the user cache dir when not given)."""

    def __init__(self, images: ImageCache | None = None) -> None:
        self.images = images if images is not None else ImageCache()
        self.placeholder = _placeholder()
        self._runner = Runner("thumbnails")
        # path → (file mtime, picture): a file the sync thread rewrote is read again.
        self._pictures: dict[Path, tuple[float, QPixmap | None]] = {}
        self._waiting: dict[Path, list[QTableWidgetItem]] = {}  # cells for a read in flight

    @staticmethod
    def prepare(table: QTableWidget) -> None:
        """Size `table`'s icons and rows for thumbnails."""
        table.setIconSize(QSize(THUMB_PX, THUMB_PX))
        table.verticalHeader().setDefaultSectionSize(THUMB_PX + 8)

    def cell(self, product_id: int) -> QTableWidgetItem:
        """The cell now: the picture when it has been read before, else the placeholder,
        replaced by the picture once read in the background."""
        # Look on disk on every fill: the sync thread may have cached it since.
        path = self.images.path_for(product_id)
        item = QTableWidgetItem()
        item.setData(Qt.ItemDataRole.DecorationRole, self.placeholder)
        item.setToolTip(_no_image_tip() if path is None else "")
        if path is None:
            return item
        stamp = _mtime(path)
        known = self._pictures.get(path)
        if known is not None and known[0] == stamp:
            self._show(item, known[1])
        else:
            self._read(path, stamp, item)
        return item

    def _read(self, path: Path, stamp: float, item: QTableWidgetItem) -> None:
        cells = self._waiting.setdefault(path, [])
        cells.append(item)
        if len(cells) == 1:  # one read per file, however many cells wait for it
            self._runner.run(lambda: scaled_image(path),
                             done=lambda image: self._read_done(path, stamp, image))

    def _read_done(self, path: Path, stamp: float, image: QImage | None) -> None:
        picture = QPixmap.fromImage(image) if image is not None else None  # UI thread only
        self._pictures[path] = (stamp, picture)
        for item in self._waiting.pop(path, []):
            if shiboken6.isValid(item):  # the table may have been refilled meanwhile
                self._show(item, picture)

    def _show(self, item: QTableWidgetItem, picture: QPixmap | None) -> None:
        item.setData(Qt.ItemDataRole.DecorationRole, picture or self.placeholder)
        item.setToolTip("" if picture is not None else _no_image_tip())


def scaled_image(path: Path | None) -> QImage | None:
    """The image at `path` scaled to THUMB_PX; None when missing or unreadable. A QImage,
    not a QPixmap: this runs in a worker thread, where pixmaps must not be made."""
    image = QImage(str(path)) if path is not None else QImage()
    if image.isNull():
        return None
    return image.scaled(THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def scaled(path: Path | None) -> QPixmap | None:
    """The image at `path` scaled to THUMB_PX, as a pixmap (UI thread only)."""
    image = scaled_image(path)
    return QPixmap.fromImage(image) if image is not None else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return -1.0


def _placeholder() -> QPixmap:
    pixmap = QPixmap(THUMB_PX, THUMB_PX)
    pixmap.fill(QColor("#eeeeee"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#9e9e9e"))
    painter.drawRect(0, 0, THUMB_PX - 1, THUMB_PX - 1)
    font = painter.font()
    font.setPointSize(8)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter,
                     QCoreApplication.translate("Thumbnails", "no\nimage"))
    painter.end()
    return pixmap


def _no_image_tip() -> str:
    return QCoreApplication.translate("Thumbnails", NO_IMAGE_TIP)
