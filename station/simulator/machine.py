"""The package state machine: validate a command and apply it to a package.

Validation follows docs/oms-api.md §5 with Django-REST-style 400 bodies: the transition must be
one of the package's current `commands[]` (which encodes "allowed from this state"),
visible to the caller's UI when a visibility is given, and its inputs complete.

Item states after a command (our choice; the docs only say "package and items → X"):
* commands that require `package_items` (out of stock, defective): the listed items go to
  the destination's item state; the others keep theirs (the real OMS would re-plan them
  into a new package, which the simulator does not model);
* every other command: all items that are not Cancelled take the destination's item state.
Listed items given as objects also record `selected_barcode`, `serial_no`, `unit_weight`.
"""

from __future__ import annotations

import dataclasses
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from station.simulator import catalog
from station.simulator.installation import CommandDef, Installation
from station.simulator.store import PackageStore

Json = dict[str, Any]
OTHER_STATION_USER = {"id": 9001, "username": "web-ui-operator"}  # who "another station" is
# Commands OMS refuses without a `denial_reason` (an active reason's id): refuse (DG
# package-refuse-with-denial-reason-command) and, as the station is told, block.
REASON_COMMANDS = frozenset({"REFUSE_PACKAGE", "BLOCK_THE_PACKAGE"})


class CommandError(Exception):
    """A rejected command; `body` is the DRF-style JSON the server answers with."""

    def __init__(self, body: Any, status: int = 400) -> None:
        super().__init__(str(body))
        self.body = body
        self.status = status


def _field_error(field: str, message: str) -> CommandError:
    return CommandError({"input_parameters": {field: [message]}})


@dataclasses.dataclass(frozen=True)
class CommandRequest:
    transition: int | None
    slug: str | None
    input_parameters: Json


@dataclasses.dataclass(frozen=True)
class ItemInput:
    id: int
    details: Json  # the given selected_barcode / serial_no / unit_weight, if any


@dataclasses.dataclass(frozen=True)
class Transition:
    command: CommandDef
    slug: str
    old_state: str  # state keys
    new_state: str
    response: Json | None  # the 200 body, or None for 204


def parse_command_body(body: Any) -> CommandRequest:
    """Check the body's shape: `transition` and/or `slug`, and `input_parameters` (dict)."""
    if not isinstance(body, dict):
        raise CommandError({"non_field_errors": ["Invalid data. Expected a dictionary."]})
    errors: Json = {}
    transition, slug = body.get("transition"), body.get("slug")
    if transition is not None and (isinstance(transition, bool) or not isinstance(transition,
                                                                                   int)):
        errors["transition"] = ["A valid integer is required."]
    if slug is not None and not isinstance(slug, str):
        errors["slug"] = ["Not a valid string."]
    if "input_parameters" not in body or body["input_parameters"] is None:
        errors["input_parameters"] = ["This field is required."]
    elif not isinstance(body["input_parameters"], dict):
        kind = type(body["input_parameters"]).__name__
        errors["input_parameters"] = [f'Expected a dictionary of items but got type "{kind}".']
    if errors:
        raise CommandError(errors)
    if transition is None and not slug:
        raise CommandError({"non_field_errors": ["Either transition or slug is required."]})
    return CommandRequest(transition, slug or None, body["input_parameters"])


class StateMachine:
    def __init__(self, installation: Installation, store: PackageStore) -> None:
        self.inst = installation
        self.store = store

    def run(self, pk: int, body: Any, *, via: str,
            visibility: tuple[str, ...] | None, user: Any = None) -> Transition:
        """Validate and apply one command body to package `pk`, logging it (with `user`
        and which command ran, in the log's `attributes`); atomic."""
        with self.store.lock:
            package = self.store.get(pk)
            if package is None:
                raise CommandError({"detail": "Not found."}, status=404)
            request = parse_command_body(body)
            command = self.resolve(request)
            self.check_offered(package, command, visibility)
            params = request.input_parameters
            items = self.check_inputs(package, command, params)
            stamp = self.store.stamp()
            transition = self.apply(package, command, items, params, stamp)
            self.store.touched(pk, stamp)
            self.store.add_log(pk, transition.old_state, transition.new_state, stamp, user,
                               log_attributes(command, transition.slug, params))
            self.store.record_applied(
                package_id=pk, transition=command.id, slug=transition.slug,
                command=command.command, input_parameters=params,
                old_state=self.inst.states[transition.old_state].enum_value,
                new_state=self.inst.states[transition.new_state].enum_value,
                time=stamp, via=via)
            return transition

    def run_as_other_station(self, pk: int, slug_or_type: str | int,
                             input_parameters: Json | None = None, *,
                             user: Any = OTHER_STATION_USER) -> Transition:
        """Apply a command as the OMS web UI would: by slug, command type or transition id,
        whatever its `ui_visibility`; logged as `user`."""
        with self.store.lock:
            package = self.store.get(pk)
            if package is None:
                raise CommandError({"detail": "Not found."}, status=404)
            if isinstance(slug_or_type, int):
                command_id: int | None = slug_or_type
            else:
                offered = [entry["id"] for entry in package["commands"]]
                found = self.inst.find_command(slug_or_type, offered)
                command_id = found.id if found else None
            if command_id is None:
                raise CommandError({"non_field_errors": [
                    f"No transition {slug_or_type!r} for package {pk} "
                    f"in state {package['state'].get('name')!r}."]})
            params = dict(input_parameters or {})
            command = self.inst.commands_by_id.get(command_id)
            if command and command.command in REASON_COMMANDS and "denial_reason" not in params:
                # The web UI's operator picks a reason: the first active one.
                params["denial_reason"] = next(
                    r["id"] for r in self.store.denial_reasons if r["is_active"])
            body = {"transition": command_id, "input_parameters": params}
            return self.run(pk, body, via="admin", visibility=None, user=user)

    def state_key(self, package: Json) -> str:
        state = self.inst.state_for_id(package["state"]["id"])
        return state.key if state else ""

    def resolve(self, request: CommandRequest) -> CommandDef:
        by_id = by_slug = None
        if request.transition is not None:
            by_id = self.inst.commands_by_id.get(request.transition)
            if by_id is None:
                message = f'Invalid pk "{request.transition}" - object does not exist.'
                raise CommandError({"transition": [message]})
        if request.slug is not None:
            by_slug = self.inst.commands_by_slug.get(request.slug)
            if by_slug is None:
                raise CommandError({"slug": [f"Object with slug={request.slug} does not exist."]})
        if by_id and by_slug and by_id.id != by_slug.id:
            raise CommandError({"non_field_errors": [
                f"transition {by_id.id} and slug {request.slug} name different transitions."]})
        command = by_id or by_slug
        assert command is not None
        return command

    def check_offered(self, package: Json, command: CommandDef,
                      visibility: tuple[str, ...] | None) -> None:
        """The command must be in the package's `commands[]` (and visible to the caller)."""
        slug = self.inst.slug(command)
        entry = next((c for c in package["commands"] if c.get("id") == command.id), None)
        if entry is None:
            state = package["state"].get("name")
            raise CommandError({"non_field_errors": [
                f'Transition "{slug}" is not allowed for package {package["id"]} '
                f'in state "{state}".']})
        shown = entry.get("ui_visibility") or []
        if visibility is not None and not set(shown) & set(visibility):
            raise CommandError({"non_field_errors": [
                f'Transition "{slug}" is not available to this client '
                f'(ui_visibility: {", ".join(shown) or "none"}).']})

    def check_inputs(self, package: Json, command: CommandDef, params: Json) -> list[ItemInput]:
        items = parse_package_items(package, params.get("package_items"))
        if command.items_required and not items:
            raise _field_error("package_items", "This field is required.")
        if command.command in REASON_COMMANDS:
            reason = params.get("denial_reason")
            active = {r["id"] for r in self.store.denial_reasons if r["is_active"]}
            if reason is None:
                raise _field_error("denial_reason", "This field is required.")
            if isinstance(reason, bool) or reason not in active:
                raise _field_error("denial_reason",
                                   f'Invalid pk "{reason}" - object does not exist.')
        return items

    def apply(self, package: Json, command: CommandDef, items: list[ItemInput],
              params: Json, stamp: str) -> Transition:
        """Move `package` along `command` (already validated); the caller holds the lock."""
        pk, old, new = package["id"], self.state_key(package), command.destination
        if new == "blocked":
            self.store.blocked_from[pk] = old
        else:
            self.store.blocked_from.pop(pk, None)
        package["state"] = self.inst.state_json(new)
        self._update_items(package, command, items, params, stamp)
        if command.command == "COMPLETE_PACKAGING" or (
            command.command == "SHIP_THE_PACKAGE" and not package.get("shipment")
        ):
            self._create_shipment(package, stamp)
        package["commands"] = self.inst.commands_json(new, self.store.blocked_from.get(pk))
        response = None
        if command.command == "DETECTED_OUT_OF_STOCK_ITEM":
            # The documented 200 body; OMS re-plans elsewhere, we stay in the same package.
            location = package["stock_location"]
            response = {"package__id": pk, "package__number": package["number"],
                        "package__stock_location__id": location["id"],
                        "package__stock_location__name": location.get("name"),
                        "is_same_location": False}
        return Transition(command, self.inst.slug(command), old, new, response)

    def _update_items(self, package: Json, command: CommandDef, items: list[ItemInput],
                      params: Json, stamp: str) -> None:
        given = {item.id: item for item in items}
        item_state = self.inst.item_state_json(self.inst.states[command.destination].item_state)
        order_state = self.inst.order_state_json(
            self.inst.states[command.destination].order_state)
        reason = params.get("denial_reason") if command.command in REASON_COMMANDS else None
        for item in package["packageitem_set"]:
            if str(item["state"]["enum_value"]) == "600":  # Cancelled items never move
                continue
            if command.items_required and item["id"] not in given:
                continue
            item["state"] = item_state
            item["order_item"]["state"] = order_state
            item["modified_date"] = stamp
            if reason is not None:
                item["denial_reason"] = reason
            if item["id"] in given:
                item.update(given[item["id"]].details)

    def _create_shipment(self, package: Json, stamp: str) -> None:
        pk = package["id"]
        shipment_id = self.store.next_id("shipment")
        label_id = self.store.next_id("label")
        awb = f"{7_000_000_000 + shipment_id}"
        package["shipment"] = catalog.shipment(shipment_id, pk, awb, stamp)
        package["tracking_number"] = awb
        package["shipment_date"] = stamp
        label_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"simulator-label-{label_id}"))
        package["shipping_label"] = catalog.shipping_label(label_id, label_uuid,
                                                           self.store.base_url)


def log_attributes(command: CommandDef, slug: str, params: Json) -> Json:
    """What the simulator writes in a transition log's `attributes`: which command ran
    and with which inputs. (S002 shows `attributes: {}` from the real OMS: what it
    records there is not documented; a station must not rely on more than it finds.)"""
    return {"transition": command.id, "slug": slug, "command": command.command,
            "input_parameters": params}


def parse_package_items(package: Json, raw: Any) -> list[ItemInput]:
    """`package_items` as plain ids or `{id, selected_barcode, serial_no, unit_weight}`."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _field_error("package_items",
                           f'Expected a list of items but got type "{type(raw).__name__}".')
    items = [_parse_item(index, value) for index, value in enumerate(raw)]
    known = {item["id"] for item in package["packageitem_set"]}
    unknown = sorted({item.id for item in items} - known)
    if unknown:
        listed = ", ".join(map(str, unknown))
        raise _field_error("package_items",
                           f"Invalid package item id(s) for package {package['id']}: {listed}.")
    return items


def _parse_item(index: int, value: Any) -> ItemInput:
    if isinstance(value, int) and not isinstance(value, bool):
        return ItemInput(value, {})
    if not isinstance(value, dict) or isinstance(value.get("id"), bool) \
            or not isinstance(value.get("id"), int):
        raise _field_error("package_items", f'Item {index}: expected a package item id or an '
                                            f'object with an integer "id".')
    details: Json = {}
    for key in ("selected_barcode", "serial_no"):
        if key in value:
            if value[key] is not None and not isinstance(value[key], str):
                raise _field_error("package_items", f"Item {index}: {key}: Not a valid string.")
            details[key] = value[key]
    if "unit_weight" in value:
        details["unit_weight"] = _weight(index, value["unit_weight"])
    return ItemInput(value["id"], details)


def _weight(index: int, raw: Any) -> str | None:
    """DRF DecimalField style: accept numbers and numeric strings, answer a string."""
    if raw is None:
        return None
    try:
        if isinstance(raw, bool):
            raise InvalidOperation
        weight = Decimal(str(raw))
        if not weight.is_finite() or weight < 0:
            raise InvalidOperation
    except InvalidOperation:
        raise _field_error("package_items",
                           f"Item {index}: unit_weight: A valid number is required.") from None
    return f"{weight:.3f}"
