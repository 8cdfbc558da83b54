"""Thumbnails are read off the UI thread: a cell shows the placeholder at once and the
picture once read; a picture read before shows at once; a cell thrown away before its
picture arrived is left alone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QTableWidget

from station.sync.images import ImageCache
from ui.packing.thumbnails import NO_IMAGE_TIP, THUMB_PX, Thumbnails

RED = QColor("#d50000")


def red_picture(folder: Path, product_id: int) -> None:
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(RED)
    folder.mkdir(parents=True, exist_ok=True)
    assert image.save(str(folder / f"{product_id}.png"))


def shown(item) -> QPixmap:
    return item.data(Qt.ItemDataRole.DecorationRole)


def is_red(pixmap: QPixmap) -> bool:
    return pixmap.toImage().pixelColor(THUMB_PX // 2, THUMB_PX // 4) == RED


def test_picture_arrives_after_the_placeholder_and_is_kept(qtbot, tmp_path):
    red_picture(tmp_path, 7)
    thumbnails = Thumbnails(ImageCache(tmp_path))
    first = thumbnails.cell(7)
    assert not is_red(shown(first))  # the placeholder: nothing was read on the UI thread
    assert first.toolTip() == ""  # the file is there: no "no image" tip
    qtbot.waitUntil(lambda: is_red(shown(first)), timeout=5_000)
    assert max(shown(first).width(), shown(first).height()) == THUMB_PX
    again = thumbnails.cell(7)
    assert is_red(shown(again))  # read before: shown at once


def test_missing_picture_is_the_placeholder_with_its_tip(qtbot, tmp_path):
    item = Thumbnails(ImageCache(tmp_path)).cell(8)
    assert item.toolTip() == NO_IMAGE_TIP
    assert not is_red(shown(item))


def test_a_cell_thrown_away_before_its_picture_arrived_is_left_alone(qtbot, tmp_path):
    red_picture(tmp_path, 9)
    thumbnails = Thumbnails(ImageCache(tmp_path))
    table = QTableWidget(1, 1)
    table.setItem(0, 0, thumbnails.cell(9))
    table.setRowCount(0)  # the package was closed: its cells are deleted
    later = thumbnails.cell(9)  # waits for the same read
    qtbot.waitUntil(lambda: is_red(shown(later)), timeout=5_000)
