"""What the prototype views share: loading with permission checks, the wording of error
codes, choices for select fields, and today's date where the event happens."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from hackathon.extensions import db
from hackathon.forms_common import organisation_choices
from hackathon.models import Prototype
from hackathon.parsing import ParseError, parse_id, parse_int, parse_number

ERRORS = {
    "required": lambda: _("This field is required."),
    "negative": lambda: _("Write a number of 0 or more."),
    "future": lambda: _("The date cannot be in the future."),
    "past": lambda: _("The date has passed; choose a later date."),
    "before_planned": lambda: _("The done date is before the planned date; correct one of "
                                "them."),
    "unit_missing": lambda: _("A target or a baseline needs a unit, e.g. 'families' or "
                              "'days'."),
    "unknown": lambda: _("Choose from the list."),
    "same": lambda: _("The prototype is already in this stage."),
    "skip": lambda: _("Move one stage at a time: Discovery, then Incubation, then "
                      "Acceleration."),
    "too_many": lambda: _("That is more citizens than live in Denmark; check the number."),
    "whole": lambda: _("Write a whole number of kroner, 0 or more."),
}

MISSING = {
    "citizen_trial": lambda: _("at least one done trial action with citizens (number of "
                               "citizens above 0)"),
    "operation_owner": lambda: _("an organisation that owns it in daily operation (set the "
                                 "operation owner)"),
    "business_case": lambda: _("a business case (at least one line of expected costs and "
                               "savings)"),
}


def error_text(code: str) -> str:
    """An error code of the follow-up services in words."""
    return ERRORS.get(code, ERRORS["required"])()


def missing_text(code: str) -> str:
    """What Acceleration needs, in words."""
    return MISSING[code]()


def apply_errors(form, fields: dict[str, str]) -> None:
    """Put the services' field error codes on the form's fields (unknown fields: the form)."""
    for name, code in fields.items():
        target = form[name] if name in form._fields else None
        if target is None:
            continue
        target.errors = [*list(target.errors or []), error_text(code)]


def today() -> date:
    """Today where the event happens (the configured time zone)."""
    zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Copenhagen")
    return datetime.now(ZoneInfo(zone)).date()


def load(prototype_id: int, check) -> Prototype:
    """The prototype, or 404; 403 unless ``check(current_user, prototype)``."""
    prototype = db.get_or_404(Prototype, prototype_id)
    if not check(current_user, prototype):
        abort(403)
    return prototype


def child_of(model, item_id: int, prototype: Prototype, attr: str = "prototype_id"):
    """A record of ``prototype`` by id, or 404 (also when it belongs to another)."""
    item = db.session.get(model, item_id)
    if item is None or getattr(item, attr) != prototype.id:
        abort(404)
    return item


def org_choices() -> list[SelectChoice]:
    """Every organisation for a select (with an empty first choice)."""
    return organisation_choices()


def org_id(field) -> int | None:
    """The chosen organisation id from a select, or None; an id not in the list is a field
    error."""
    if not field.data:
        return None
    allowed = {c.value for c in field.choices if c.value}
    number = parse_id(field.data)
    if number is None or str(number) not in allowed:
        field.errors = [*list(field.errors or []), error_text("unknown")]
        return None
    return number


def trial_choices(prototype: Prototype) -> list[SelectChoice]:
    """The prototype's trial actions for a select (with "none" first)."""
    return [SelectChoice("", _("— none —"))] + [
        SelectChoice(str(t.id), t.what[:80]) for t in prototype.trial_actions
    ]


def chosen_trial(field, prototype: Prototype):
    """The trial action chosen in a select (of this prototype), or None."""
    number = parse_id(field.data) if field.data else None
    for trial_action in prototype.trial_actions:
        if trial_action.id == number:
            return trial_action
    if field.data:
        field.errors = [*list(field.errors or []), error_text("unknown")]
    return None


def number_from(field, *, required: bool = False) -> float | None:
    """A decimal number typed in ``field`` ("0,5" or "0.5"), or None; errors go on the field."""
    text = (field.data or "").strip()
    if not text:
        if required:
            field.errors = [*list(field.errors or []), error_text("required")]
        return None
    try:
        return parse_number(text)
    except ParseError as error:
        field.errors = [*list(field.errors or []), error.message]
        return None


def kroner_from(field) -> int | None:
    """Whole DKK >= 0 typed in ``field`` (spaces and dots as thousands separators allowed);
    empty is 0; errors go on the field."""
    text = (field.data or "").strip().replace(" ", "").replace(".", "").replace("\u00a0", "")
    if not text:
        return 0
    value = parse_int(text, minimum=0)
    if value is None:
        field.errors = [*list(field.errors or []), error_text("whole")]
    return value
