"""The shipped typeface: found inside the package, Turkish-complete, never crashing."""

from __future__ import annotations

import pathlib

import station.documents
from station.documents import fonts


def test_fonts_come_from_the_package_not_the_system() -> None:
    package_dir = pathlib.Path(station.documents.__file__).parent
    for bold in (False, True):
        path = fonts.font_path(bold)
        assert path.is_file() and package_dir in path.parents
    assert (package_dir / "fonts" / "LICENSE-DejaVu.txt").is_file()


def test_turkish_letters_are_drawable_as_they_are() -> None:
    text = "ğüşıöçĞÜŞİÖÇ"
    assert fonts.drawable(text) == text


def test_decomposed_letters_are_composed() -> None:
    assert fonts.drawable("s\u0327") == "ş"


def test_emoji_become_one_placeholder_per_run() -> None:
    # ❤ is in DejaVu (its emoji variation selector goes); the rest is not.
    assert fonts.drawable("Hi 🎉🎂 there ❤️ 👨‍👩‍👧!") == "Hi ? there ❤ ?!"


def test_line_breaks_inside_a_line_are_spaces() -> None:
    assert fonts.drawable("a\nb\tc\x00d") == "a b cd"


def test_fit_cuts_with_an_ellipsis_within_width() -> None:
    long = "Çok uzun bir ürün adı " * 10
    cut = fonts.fit(long, 10, 50)
    assert cut.endswith("…") and fonts.width_mm(cut, 10) <= 50
    assert fonts.fit("Kısa", 10, 50) == "Kısa"


def test_wrap_keeps_every_line_within_width() -> None:
    text = "Şu kelimeler sarılmalı " * 8 + "ve_bu_bölünmeden_çok_uzun_tek_bir_kelime" * 3
    lines = fonts.wrap(text, 9, 40)
    assert len(lines) > 3
    assert all(fonts.width_mm(line, 9) <= 40 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_with_max_lines_ends_in_an_ellipsis() -> None:
    lines = fonts.wrap("kelime " * 100, 9, 40, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert fonts.width_mm(lines[-1], 9) <= 40
