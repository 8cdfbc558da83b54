"""Reading documents back the way a printer and a scanner would.

PDF pages are rasterised by poppler's `pdftoppm` (a real PDF consumer, not our
own renderer) and barcodes are decoded by zxing-cpp. `pdftoppm` is a system
tool: where it is missing the tests skip locally but fail under CI, so a CI
machine without poppler-utils cannot pass by skipping.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} (poppler-utils) is not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def pdf_pages(pdf: bytes, dpi: int = 200) -> list[Image.Image]:
    """Every page of `pdf` as a greyscale image, rasterised by pdftoppm."""
    tool = require_tool("pdftoppm")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run([tool, "-r", str(dpi), "-gray", "-png", str(source),
                        str(Path(folder) / "page")], check=True, timeout=60)
        pages = []
        for path in sorted(Path(folder).glob("page-*.png")):
            with Image.open(path) as image:
                pages.append(image.copy())
        return pages


def pdf_text(pdf: bytes) -> str:
    """The text poppler extracts from `pdf`: proves the fonts map back to Unicode."""
    tool = require_tool("pdftotext")
    done = subprocess.run([tool, "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60)
    return done.stdout.decode()


def code128(image: Image.Image) -> list[str]:
    """Every Code128 zxing-cpp finds in `image`."""
    return [found.text for found in zxingcpp.read_barcodes(image)
            if found.format == zxingcpp.BarcodeFormat.Code128]


def png_image(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.copy()
