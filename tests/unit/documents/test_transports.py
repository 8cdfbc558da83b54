"""Delivering print jobs: a loopback raw-TCP printer, refused ports, lp, PDF folders.

No mocks: the "printer" is a real socket server on 127.0.0.1, the CUPS client a
small executable script, the folder a real temporary directory.
"""

from __future__ import annotations

import socket
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from station.documents import (
    PrinterUnavailable,
    PrintRejected,
    StationInfo,
    package_label,
    packing_slip,
    parse_tcp_target,
    render_pdf,
    render_zpl,
    save_pdf_to_folder,
    send_raw_cups,
    send_raw_tcp,
)
from station.errors import RejectedError, RetryableError

from .payloads import package
from .readback import code128, pdf_pages

INFO = StationInfo("Moda Mağazası Kadıköy", "İstanbul Depo")


class LoopbackPrinter:
    """A raw port 9100 printer on 127.0.0.1: accepts one job, keeps its bytes."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.server.accept()
        with connection:
            connection.settimeout(10)
            while chunk := connection.recv(65536):
                self.received += chunk

    def job(self) -> bytes:
        self.thread.join(timeout=10)
        self.server.close()
        return self.received


@pytest.fixture
def printer() -> Iterator[LoopbackPrinter]:
    served = LoopbackPrinter()
    yield served
    served.server.close()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_zpl_job_reaches_the_loopback_printer(printer: LoopbackPrinter) -> None:
    zpl = render_zpl(package_label(package(city="Muğla"), INFO), 203).encode()
    send_raw_tcp(zpl, f"tcp://127.0.0.1:{printer.port}", timeout=5)
    job = printer.job()
    assert job == zpl
    assert job.startswith(b"^XA") and "Muğla".encode() in job


def test_refused_connection_is_retryable_and_nothing_was_sent() -> None:
    with pytest.raises(PrinterUnavailable, match="refused") as caught:
        send_raw_tcp(b"^XA^XZ", f"tcp://127.0.0.1:{closed_port()}", timeout=2)
    assert isinstance(caught.value, RetryableError)
    assert caught.value.request_sent is False


def test_a_printer_that_stops_reading_times_out_with_the_job_maybe_sent() -> None:
    # A listener that never accepts: the kernel completes the handshake, then its
    # buffers fill and the send stalls, as with a jammed printer.
    with socket.create_server(("127.0.0.1", 0)) as stalled:
        port = stalled.getsockname()[1]
        with pytest.raises(PrinterUnavailable, match="broke off") as caught:
            send_raw_tcp(b"^XA" + b"x" * (64 << 20), f"127.0.0.1:{port}", timeout=0.5)
    assert caught.value.request_sent is True  # a retry might print twice


@pytest.mark.parametrize(("target", "expected"), [
    ("tcp://10.0.0.7:9100", ("10.0.0.7", 9100)),
    ("zebra.local", ("zebra.local", 9100)),
    ("zebra.local:6101", ("zebra.local", 6101)),
    ("tcp://[::1]:9100", ("::1", 9100)),
])
def test_printer_addresses(target: str, expected: tuple[str, int]) -> None:
    assert parse_tcp_target(target) == expected


@pytest.mark.parametrize("target", ["http://x:9100", "tcp://:9100", "tcp://x:99999",
                                    "tcp://x:9100/queue"])
def test_malformed_addresses_are_rejected(target: str) -> None:
    with pytest.raises(PrintRejected):
        parse_tcp_target(target)


def test_saved_pdf_is_valid_and_names_are_unique(tmp_path: Path) -> None:
    document = packing_slip(package(items=2), INFO, "A5")
    pdf = render_pdf(document)
    first = save_pdf_to_folder(pdf, tmp_path / "out", document.name)
    second = save_pdf_to_folder(pdf, tmp_path / "out", document.name)
    assert first.name == "slip-2236607691411584P1.pdf"
    assert second.name == "slip-2236607691411584P1-2.pdf"
    assert first.read_bytes() == pdf == second.read_bytes()
    # Nothing else is left behind: no temporary ".part" file.
    assert {p.name for p in (tmp_path / "out").iterdir()} == {first.name, second.name}
    assert code128(pdf_pages(first.read_bytes())[0]) == ["2236607691411584P1"]


def test_file_names_are_made_safe(tmp_path: Path) -> None:
    pdf = render_pdf(packing_slip(package(), INFO, "A6"))
    saved = save_pdf_to_folder(pdf, tmp_path, "../etc/slip İ:1")
    assert saved.parent == tmp_path and saved.name == "etc_slip_1.pdf"


def test_unwritable_folder_is_rejected(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(RejectedError):
        save_pdf_to_folder(render_pdf(packing_slip(package(), INFO, "A6")), blocker, "x")


def test_missing_lp_says_so(tmp_path: Path) -> None:
    with pytest.raises(PrintRejected, match="not installed"):
        send_raw_cups(b"^XA^XZ", "Zebra", lp=str(tmp_path / "no-lp-here"))


def fake_lp(folder: Path, *, exit_code: int = 0, message: str = "") -> Path:
    """An `lp` that records its arguments and standard input, as CUPS would get them."""
    script = folder / "lp"
    script.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, sys\n"
        f"out = pathlib.Path({str(folder)!r})\n"
        "(out / 'args').write_text(' '.join(sys.argv[1:]))\n"
        "(out / 'job').write_bytes(sys.stdin.buffer.read())\n"
        f"print({message!r}, file=sys.stderr if {exit_code} else sys.stdout)\n"
        f"sys.exit({exit_code})\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_raw_cups_job_goes_through_lp(tmp_path: Path) -> None:
    lp = fake_lp(tmp_path, message="request id is Zebra-12 (0 file(s))")
    answer = send_raw_cups(b"^XA^FDx^FS^XZ", "Zebra", title="label-1", lp=str(lp))
    assert answer == "request id is Zebra-12 (0 file(s))"
    assert (tmp_path / "args").read_text() == "-d Zebra -o raw -t label-1"
    assert (tmp_path / "job").read_bytes() == b"^XA^FDx^FS^XZ"


def test_cups_errors_are_sorted_into_retry_or_reject(tmp_path: Path) -> None:
    down = fake_lp(tmp_path, exit_code=1, message="lp: Unable to connect to server")
    with pytest.raises(PrinterUnavailable):
        send_raw_cups(b"x", "Zebra", lp=str(down))
    unknown = fake_lp(tmp_path, exit_code=1, message="lp: The printer does not exist.")
    with pytest.raises(PrintRejected, match="does not exist"):
        send_raw_cups(b"x", "Zebra", lp=str(unknown))


@pytest.mark.parametrize("queue", ["", "-o", "a b", "a/b"])
def test_queue_names_that_could_be_options_are_refused(queue: str) -> None:
    with pytest.raises(PrintRejected):
        send_raw_cups(b"x", queue)
