"""Setting the station up: the first-run dialog (OMS sign-in, stock location,
scanner, sounds)."""

from ui.setup.first_run import SetupDialog

__all__ = ["SetupDialog"]
