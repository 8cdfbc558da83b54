"""What the status bar says about the OMS connection, and why it is true.

Owns `ConnectionTruth` (plain Python: the latest outcome of sync and of delivery,
and which sentence they add up to) and the two status-bar labels fed by it:
`ConnectionLabel` and `InsecureLabel`.

The rules: "Online" only after a request succeeded; a failing sync or delivery
shows its reason until a request of the same kind succeeds; a rejected token
shows "Signed out" until the packer signs in again; a network failure clears as
soon as any request gets through. Sync and delivery are kept apart, so a sync
that works cannot hide deliveries that keep failing.
"""

from __future__ import annotations

import dataclasses
import enum
import ipaddress
import re

import httpx
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

SYNC, DELIVERY = "sync", "delivery"
REASON_CHARS = 30  # the bar must fit 1280 px; the whole reason is in the tooltip
SIGN_IN_LINK = "sign-in"
_CLASS_PREFIX = re.compile(r"^[A-Z][A-Za-z]+(Error|Limited|Rejected): ")  # "ServerError: …"
_REQUEST_TAIL = re.compile(r" on (GET|POST|PUT|PATCH|DELETE) \S+.*$")
GREEN, RED, AMBER, GREY = "#1b7f3b", "#c62828", "#b26a00", "#555555"


class Health(enum.Enum):
    CONNECTING = "connecting"
    ONLINE = "online"
    FAILING = "failing"
    OFFLINE = "offline"
    SIGNED_OUT = "signed out"
    BY_CHOICE = "offline by choice"
    NO_OMS = "no OMS"


@dataclasses.dataclass(frozen=True)
class Reading:
    """One state of the bar: the health, its short text, the tooltip and the colour."""

    health: Health
    text: str
    detail: str
    colour: str


@dataclasses.dataclass(frozen=True)
class _Problem:
    health: Health
    reason: str


# The worse problem wins: which one the bar shows when several are known.
_SEVERITY = (Health.SIGNED_OUT, Health.OFFLINE, Health.FAILING)


class ConnectionTruth:
    """The latest outcome of each kind of request, added up into one `Reading`."""

    def __init__(self, configured: bool = True) -> None:
        self.configured = configured
        self.by_choice = False
        self.succeeded = False
        self._problems: dict[str, _Problem] = {}

    def success(self, source: str) -> None:
        """A request of `source` got an answer: the network and the token work."""
        self.succeeded = True
        self._problems.pop(source, None)
        for other, problem in list(self._problems.items()):
            if problem.health in (Health.OFFLINE, Health.SIGNED_OUT):
                del self._problems[other]

    def failure(self, source: str, health: Health, reason: str) -> None:
        self._problems[source] = _Problem(health, reason)

    def signed_in(self) -> None:
        """A new token: nothing is known about it until a request succeeds."""
        self._problems = {s: p for s, p in self._problems.items()
                          if p.health is not Health.SIGNED_OUT}
        self.succeeded = False

    def choose_offline(self, offline: bool) -> None:
        self.by_choice = offline
        if not offline:  # what was true before going offline may no longer be
            self._problems.clear()
            self.succeeded = False

    @property
    def signed_out(self) -> bool:
        return any(p.health is Health.SIGNED_OUT for p in self._problems.values())

    def reading(self) -> Reading:
        if not self.configured:
            return Reading(Health.NO_OMS, "○ Offline", "no OMS configured", RED)
        if self.by_choice:
            return Reading(Health.BY_CHOICE, "○ Offline (by choice)",
                           "Station ▸ Go online to send queued commands", RED)
        for health in _SEVERITY:
            for source in (DELIVERY, SYNC):
                problem = self._problems.get(source)
                if problem is not None and problem.health is health:
                    return _problem_reading(source, problem)
        if self.succeeded:
            return Reading(Health.ONLINE, "● Online", "OMS answered the last request", GREEN)
        return Reading(Health.CONNECTING, "○ Connecting…", "No answer from OMS yet", GREY)


def _problem_reading(source: str, problem: _Problem) -> Reading:
    if problem.health is Health.SIGNED_OUT:
        return Reading(Health.SIGNED_OUT, "○ Signed out — sign in again",
                       f"OMS refused the station's token: {problem.reason}", RED)
    if problem.health is Health.OFFLINE:
        return Reading(Health.OFFLINE, "○ Offline — OMS not reachable", problem.reason, RED)
    what = "Delivery" if source == DELIVERY else "Sync"
    return Reading(Health.FAILING, f"● {what} failing: {shorten(problem.reason)}",
                   f"{what} failing: {problem.reason}", AMBER)


def shorten(reason: str, limit: int = REASON_CHARS) -> str:
    """The gist of a worker's reason: its first line, without the class name in
    front and the request ("… on POST /api/…") behind; the tooltip has it all."""
    first = reason.strip().splitlines()[0] if reason.strip() else "unknown reason"
    first = _CLASS_PREFIX.sub("", first)
    first = _REQUEST_TAIL.sub("", first) or first
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def is_auth_failure(message: str) -> bool:
    """Whether a worker's failure message is about a rejected token or login."""
    return "CredentialsRejected" in message


class ConnectionLabel(QLabel):
    """The status bar's connection text; `truth` decides it, `show_truth()` paints it.
    Signed out, "sign in again" is a link (mouse only: scans keep the focus).

    Signals:
        sign_in_clicked(): the packer clicked "sign in again".
    """

    sign_in_clicked = Signal()

    def __init__(self, truth: ConnectionTruth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.truth = truth
        self.reading = truth.reading()
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.linkActivated.connect(lambda _link: self.sign_in_clicked.emit())
        self.show_truth()

    def show_truth(self) -> Reading:
        self.reading = self.truth.reading()
        colour = self.reading.colour
        if self.reading.health is Health.SIGNED_OUT:
            self.setTextFormat(Qt.TextFormat.RichText)
            self.setText(self.tr('○ Signed out — <a href="{link}" style="color: {colour};">'
                                 "sign in again</a>").format(link=SIGN_IN_LINK, colour=colour))
        else:
            self.setTextFormat(Qt.TextFormat.PlainText)
            self.setText(self.reading.text)
        self.setToolTip(self.reading.detail)
        self.setStyleSheet(f"color: {colour};")
        # The most important text of the bar: the others give way, never this one.
        self.setMinimumWidth(0)  # rich text measures itself against the current minimum
        self.setMinimumWidth(self.sizeHint().width())
        return self.reading


class InsecureLabel(QLabel):
    """ "⚠ insecure connection" while the OMS address is plain http to another machine."""

    TEXT = "⚠ insecure connection"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.TEXT, parent)
        self.setStyleSheet(f"color: {RED};")
        self.hide()

    def follow(self, base_url: str | None, insecure: bool | None = None) -> None:
        """Show for `base_url` (or as the client's own `is_insecure` says)."""
        if insecure is None:
            insecure = base_url is not None and is_insecure_url(base_url)
        self.setToolTip(
            f"{base_url} is plain http: the OMS token and every package travel unencrypted. "
            "Ask for an https:// address." if insecure else "")
        self.setVisible(insecure)


def is_insecure_url(base_url: str) -> bool:
    """Plain http to a host that is not this machine (loopback is only ever local)."""
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, ValueError):
        return False
    if url.scheme != "http":
        return False
    host = url.host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a host name: it could be anywhere
