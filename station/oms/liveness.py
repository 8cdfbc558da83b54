"""Which packages stay live in the station's cache and queue.

A package stays while it is in a packable state — or while it is blocked and OMS
still lets this location unblock it (its `commands` offer UNBLOCK_THE_PACKAGE, the
command type the station catalogue's Unblock action looks for), so Unblock works
from the station. Blocked's enum value is not documented (docs/oms-api.md §4): the
offered unblock command is the evidence, not a state id or enum.
"""

from __future__ import annotations

from station.oms.models import Package
from station.oms.profile import ApiProfile

UNBLOCK_COMMAND_TYPES = frozenset({"UNBLOCK_THE_PACKAGE"})


def stays_live(package: Package, profile: ApiProfile) -> bool:
    """Packable, or blocked with an unblock command offered."""
    if package.state.enum in profile.packable_states:
        return True
    return any(command.command in UNBLOCK_COMMAND_TYPES for command in package.commands)
