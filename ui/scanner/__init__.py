"""The barcode scanner as a keyboard: app-wide capture of fast key bursts, the key
codes it understands, and the scanner test dialog (terminator and layout advice)."""

from ui.scanner.capture import ArmedIndicator, ScannerCapture
from ui.scanner.check_dialog import ScannerTestDialog

__all__ = ["ArmedIndicator", "ScannerCapture", "ScannerTestDialog"]
