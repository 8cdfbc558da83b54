"""Setting the station up: the first-run dialog (OMS sign-in, stock location,
scanner, sounds), signing in again while the station runs, and the settings
dialog (Station ▸ Settings…) whose changes reach the running station."""

from ui.setup.apply import apply_settings, attach_settings, sign_out
from ui.setup.first_run import SetupDialog
from ui.setup.settings_dialog import SettingsDialog
from ui.setup.sign_in import SharedToken, SignInDialog, SignInFlow

__all__ = ["SettingsDialog", "SetupDialog", "SharedToken", "SignInDialog", "SignInFlow",
           "apply_settings", "attach_settings", "sign_out"]
