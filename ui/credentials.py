"""The OMS token in the OS keyring, and nowhere else.

Owns `TokenStore`: one token per OMS user, under service "packing-station" and
key "<base_url>|<username>". When the keyring has no usable backend the store
says so with a clear message (`CredentialsUnavailable`) and the caller asks for
the password at each start: the token is never written to a file as a fallback.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from station.config import APP_NAME

SERVICE = APP_NAME


class CredentialsUnavailable(RuntimeError):
    """The OS keyring cannot store or read the token; log in at each start instead."""


def token_key(base_url: str, username: str) -> str:
    return f"{base_url.rstrip('/')}|{username}"


class TokenStore:
    """Reads and writes tokens through a keyring backend (the OS one by default)."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    def _keyring(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def save(self, base_url: str, username: str, token: str) -> None:
        try:
            self._keyring().set_password(SERVICE, token_key(base_url, username), token)
        except keyring.errors.KeyringError as exc:
            raise CredentialsUnavailable(_unavailable("save", exc)) from None
        # Some backends (the "null" one) accept a token and silently drop it.
        if self.load(base_url, username) != token:
            raise CredentialsUnavailable(
                "the system keyring did not keep the OMS token (no keyring backend?); "
                "the station will ask for the password at each start"
            )

    def load(self, base_url: str, username: str) -> str | None:
        try:
            return self._keyring().get_password(SERVICE, token_key(base_url, username))
        except keyring.errors.KeyringError as exc:
            raise CredentialsUnavailable(_unavailable("read", exc)) from None

    def delete(self, base_url: str, username: str) -> None:
        try:
            self._keyring().delete_password(SERVICE, token_key(base_url, username))
        except keyring.errors.PasswordDeleteError:
            return  # nothing stored: nothing to forget
        except keyring.errors.KeyringError as exc:
            raise CredentialsUnavailable(_unavailable("delete", exc)) from None


def _unavailable(action: str, exc: Exception) -> str:
    # The exception's class only: its text could in theory echo what was passed in.
    return (
        f"could not {action} the OMS token in the system keyring ({type(exc).__name__}); "
        "the station will ask for the password at each start"
    )
