"""The large product picture beside the items: the selected (just scanned) row's
product at PREVIEW_PX, so two look-alikes (the navy and the black shirt) can be told
apart from a metre away, which a table thumbnail cannot do.

Owns `ProductPreview`. The picture is read from the image cache and scaled off the UI
thread (ui.background.Runner); only the newest request is shown. The preview takes
room from the items, so the panel shows it only when it is wide enough
(`PackagePanel` decides: queue collapsed at 1280 px, or a wider screen).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from station.sync.images import ImageCache
from ui.background import Runner

PREVIEW_PX = 240


class ProductPreview(QWidget):
    """The picture (or a "no picture" note) and the product's name and size/colour."""

    def __init__(self, images: Callable[[], ImageCache], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._images = images
        self._runner = Runner("product-preview")
        self._asked = 0
        self.product_id: int | None = None
        self.picture = QLabel()
        self.picture.setObjectName("product_preview_picture")
        self.picture.setFixedSize(PREVIEW_PX, PREVIEW_PX)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: #fafafa; border: 1px solid #bdbdbd;")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setFixedWidth(PREVIEW_PX)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture)
        layout.addWidget(self.caption, 1)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.show_product(None, "")

    def show_product(self, product_id: int | None, caption: str) -> None:
        """Show `product_id`'s picture (read in the background) and `caption`."""
        self._asked += 1
        self.product_id = product_id
        self.caption.setText(caption)
        self.picture.setPixmap(QPixmap())
        self.picture.setText(self.tr("No picture") if product_id is not None else "")
        path = self._images().path_for(product_id) if product_id is not None else None
        if path is None:
            return
        asked = self._asked
        self._runner.run(lambda: preview_image(path),
                         done=lambda image: self._read_done(asked, image))

    def _read_done(self, asked: int, image: QImage | None) -> None:
        if asked != self._asked or image is None:  # a newer product was asked for meanwhile
            return
        self.picture.setText("")
        self.picture.setPixmap(QPixmap.fromImage(image))  # UI thread only


def preview_image(path: Path) -> QImage | None:
    """The picture at `path` scaled to PREVIEW_PX (a worker thread: a QImage)."""
    image = QImage(str(path))
    if image.isNull():
        return None
    return image.scaled(PREVIEW_PX, PREVIEW_PX, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)
