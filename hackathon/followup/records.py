"""Writes of what the people following a prototype record: trial actions, milestones,
indicators and measurements, business case lines, funding items, learning notes and updates.

Each write sets the prototype's ``last_update_at`` and adds an audit entry (action
"prototype" with details {change, prototype, old, new, reason}: ``change`` names the kind of
record, ``old``/``new`` its state before and after ("" when added, "removed" when removed),
``reason`` a short text naming the record). Functions flush only; the view commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from hackathon.audit import services as audit
from hackathon.enums import LearningTheme, MilestoneStatus, TrialActionStatus
from hackathon.extensions import db
from hackathon.followup.rules import FollowupError, check_version, touch
from hackathon.models import (
    BusinessCaseLine,
    FundingItem,
    Indicator,
    LearningNote,
    Measurement,
    Milestone,
    Person,
    Prototype,
    PrototypeUpdate,
    TrialAction,
)

SUMMARY_MAX = 120
# More citizens than live in Denmark is a typing error (and would overflow the column).
CITIZEN_COUNT_MAX = 10_000_000


def number_text(value: float | None, decimal_comma: bool = False) -> str:
    """A measured number as people write it: no exponent, no trailing zeros, at most four
    decimals ("0.5", "250000"); with ``decimal_comma`` "0,5". None is "–"."""
    if value is None:
        return "–"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",") if decimal_comma else text


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


def _log(prototype: Prototype, actor: Person, change: str, old: str, new: str,
         text: str) -> None:
    touch(prototype)
    audit.record(event=prototype.event, actor=actor, action="prototype",
                 proposal=prototype.proposal, change=change, prototype=prototype.title,
                 old=old, new=new, reason=_short(text))
    db.session.flush()


# --- trial actions ---------------------------------------------------------------------------

TRIAL_FIELDS = ("what", "citizen_group", "citizen_count", "place", "planned_on", "done_on",
                "by_whom", "what_happened", "learned", "citizen_input")
TRIAL_TEXT_FIELDS = frozenset(TRIAL_FIELDS) - {"citizen_count", "planned_on", "done_on"}


def trial_action_problems(values: dict[str, Any], *, today: date) -> dict[str, str]:
    """Field errors of a trial action ({field: code}): "required" what, a "negative" (or
    "too_many") citizen count, a done one without a done date ("required"), a done date in
    the "future", a done date "before_planned"."""
    errors: dict[str, str] = {}
    if not (values.get("what") or "").strip():
        errors["what"] = "required"
    count = values.get("citizen_count")
    if count is not None and count < 0:
        errors["citizen_count"] = "negative"
    elif count is not None and count > CITIZEN_COUNT_MAX:
        errors["citizen_count"] = "too_many"
    done_on, planned_on = values.get("done_on"), values.get("planned_on")
    if values.get("status") == TrialActionStatus.DONE and done_on is None:
        errors["done_on"] = "required"
    elif done_on is not None and done_on > today:
        errors["done_on"] = "future"
    elif done_on is not None and planned_on is not None and done_on < planned_on:
        errors["done_on"] = "before_planned"
    return errors


def save_trial_action(*, prototype: Prototype, actor: Person, values: dict[str, Any],
                      today: date, trial_action: TrialAction | None = None,
                      expected_version: int | None = None) -> TrialAction:
    """Add a trial action (``trial_action`` None) or edit one (with its version).

    ``values``: status (TrialActionStatus) and TRIAL_FIELDS (dates as date, citizen_count an
    int >= 0 or None). Raises FollowupError "stale" or "invalid" with field codes."""
    if trial_action is not None:
        check_version(trial_action.version, expected_version)
    errors = trial_action_problems(values, today=today)
    if errors:
        raise FollowupError("invalid", fields=errors)
    old = trial_action.status.value if trial_action is not None else ""
    if trial_action is None:
        trial_action = TrialAction(prototype=prototype, what="", created_by_id=actor.id)
        db.session.add(trial_action)
    else:
        trial_action.version += 1
    trial_action.status = values["status"]
    for name in TRIAL_FIELDS:
        value = values.get(name)
        if name in TRIAL_TEXT_FIELDS:
            value = (value or "").strip()
        setattr(trial_action, name, value)
    _log(prototype, actor, "trial_action", old, trial_action.status.value, trial_action.what)
    return trial_action


# --- milestones ------------------------------------------------------------------------------


def add_milestone(*, prototype: Prototype, actor: Person, title: str, due_on: date) -> Milestone:
    """A planned milestone. Raises FollowupError "invalid" without a title or date."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = "required"
    if due_on is None:
        errors["due_on"] = "required"
    if errors:
        raise FollowupError("invalid", fields=errors)
    milestone = Milestone(prototype=prototype, title=title.strip(), due_on=due_on,
                          created_by_id=actor.id)
    db.session.add(milestone)
    _log(prototype, actor, "milestone", "", MilestoneStatus.PLANNED.value, milestone.title)
    return milestone


def set_milestone_status(*, milestone: Milestone, actor: Person, status: MilestoneStatus,
                         expected_status: MilestoneStatus | None, today: date) -> None:
    """Mark a milestone reached, missed or planned again. ``expected_status`` is the status
    the person saw: when someone changed it meanwhile, raises FollowupError("stale")."""
    if expected_status != milestone.status:
        raise FollowupError("stale")
    old = milestone.status.value
    milestone.status = status
    milestone.done_on = today if status == MilestoneStatus.DONE else None
    _log(milestone.prototype, actor, "milestone", old, status.value, milestone.title)


# --- indicators and measurements -------------------------------------------------------------


def indicator_problems(values: dict[str, Any]) -> dict[str, str]:
    """Field errors of an indicator: a name is "required"; a target or baseline without a
    unit is "unit_missing"."""
    errors = {}
    if not (values.get("name") or "").strip():
        errors["name"] = "required"
    if (values.get("target") is not None or values.get("baseline") is not None) and not (
        values.get("unit") or ""
    ).strip():
        errors["unit"] = "unit_missing"
    return errors


def add_indicator(*, prototype: Prototype, actor: Person, values: dict[str, Any]) -> Indicator:
    """An indicator: name, unit, side (IndicatorSide), baseline, target (floats or None),
    higher_is_better. Raises FollowupError "invalid" with field codes."""
    errors = indicator_problems(values)
    if errors:
        raise FollowupError("invalid", fields=errors)
    indicator = Indicator(
        prototype=prototype, name=values["name"].strip(), unit=(values.get("unit") or "").strip(),
        side=values["side"], baseline=values.get("baseline"), target=values.get("target"),
        higher_is_better=bool(values.get("higher_is_better", True)),
    )
    db.session.add(indicator)
    _log(prototype, actor, "indicator", "", "added", indicator.name)
    return indicator


def add_measurement(*, indicator: Indicator, actor: Person, measured_on: date, value: float,
                    note: str = "", trial_action: TrialAction | None = None,
                    today: date) -> Measurement:
    """A measured value on a date (not in the future), optionally from one of the
    prototype's trial actions. Raises FollowupError "invalid" with field codes."""
    errors = {}
    if measured_on is None:
        errors["measured_on"] = "required"
    elif measured_on > today:
        errors["measured_on"] = "future"
    if trial_action is not None and trial_action.prototype_id != indicator.prototype_id:
        errors["trial_action"] = "unknown"
    if errors:
        raise FollowupError("invalid", fields=errors)
    measurement = Measurement(indicator=indicator, measured_on=measured_on, value=value,
                              note=(note or "").strip(), trial_action=trial_action,
                              created_by_id=actor.id)
    db.session.add(measurement)
    _log(indicator.prototype, actor, "measurement", "", number_text(value), indicator.name)
    return measurement


# --- business case and funding ---------------------------------------------------------------


def add_business_line(*, prototype: Prototype, actor: Person, organisation_id: int | None,
                      year: int, cost: int, saving: int) -> BusinessCaseLine:
    """Expected cost and saving (whole DKK, >= 0) of one organisation in one year."""
    errors = {}
    if cost < 0:
        errors["cost"] = "negative"
    if saving < 0:
        errors["saving"] = "negative"
    if errors:
        raise FollowupError("invalid", fields=errors)
    line = BusinessCaseLine(prototype=prototype, organisation_id=organisation_id, year=year,
                            cost=cost, saving=saving)
    db.session.add(line)
    _log(prototype, actor, "business_case", "", "added", f"{year}: {cost} / {saving}")
    return line


def remove_business_line(*, line: BusinessCaseLine, actor: Person) -> None:
    """Remove a business case line (a mistake or an outdated estimate)."""
    prototype = line.prototype
    text = f"{line.year}: {line.cost} / {line.saving}"
    db.session.delete(line)
    _log(prototype, actor, "business_case", "added", "removed", text)


def add_funding_item(*, prototype: Prototype, actor: Person, purpose: str, amount: int,
                     secured: bool, source: str) -> FundingItem:
    """Money needed for a purpose (whole DKK, >= 0), secured (from ``source``) or not."""
    errors = {}
    if not (purpose or "").strip():
        errors["purpose"] = "required"
    if amount < 0:
        errors["amount"] = "negative"
    if errors:
        raise FollowupError("invalid", fields=errors)
    item = FundingItem(prototype=prototype, purpose=purpose.strip(), amount=amount,
                       secured=secured, source=(source or "").strip())
    db.session.add(item)
    _log(prototype, actor, "funding", "", "secured" if secured else "needed", item.purpose)
    return item


def set_funding_secured(*, item: FundingItem, actor: Person, secured: bool, source: str,
                        expected_secured: bool) -> None:
    """Mark a funding item secured (with its source) or needed again. Raises
    FollowupError("stale") when someone changed it since the page was opened."""
    if item.secured != expected_secured:
        raise FollowupError("stale")
    item.secured = secured
    if source.strip():
        item.source = source.strip()
    _log(item.prototype, actor, "funding", "needed" if expected_secured is False else "secured",
         "secured" if secured else "needed", item.purpose)


def remove_funding_item(*, item: FundingItem, actor: Person) -> None:
    """Remove a funding item."""
    prototype = item.prototype
    text = item.purpose
    db.session.delete(item)
    _log(prototype, actor, "funding", "secured" if item.secured else "needed", "removed", text)


# --- learning notes and updates --------------------------------------------------------------


def add_note(*, prototype: Prototype, actor: Person, text: str, themes: list[str],
             trial_action: TrialAction | None = None) -> LearningNote:
    """A learning note tagged with themes (LearningTheme values), linked to the prototype's
    event and optionally one of its trial actions. Raises FollowupError "invalid"."""
    errors = {}
    if not (text or "").strip():
        errors["text"] = "required"
    known = {theme.value for theme in LearningTheme}
    if any(theme not in known for theme in themes):
        errors["themes"] = "unknown"
    if trial_action is not None and trial_action.prototype_id != prototype.id:
        errors["trial_action"] = "unknown"
    if errors:
        raise FollowupError("invalid", fields=errors)
    note = LearningNote(event_id=prototype.event_id, prototype=prototype,
                        trial_action=trial_action, text=text.strip(),
                        themes=[t.value for t in LearningTheme if t.value in themes],
                        created_by_id=actor.id)
    db.session.add(note)
    _log(prototype, actor, "note", "", "added", note.text)
    return note


def add_update(*, prototype: Prototype, actor: Person, status_text: str, happened: str,
               next_step: str) -> PrototypeUpdate:
    """The two-minute update: status in words, what happened, next step (one at least)."""
    if not any((v or "").strip() for v in (status_text, happened, next_step)):
        raise FollowupError("invalid", fields={"status_text": "required"})
    update = PrototypeUpdate(prototype=prototype, status_text=(status_text or "").strip(),
                             happened=(happened or "").strip(),
                             next_step=(next_step or "").strip(), created_by_id=actor.id)
    db.session.add(update)
    _log(prototype, actor, "update", "", "added", update.status_text or update.happened
         or update.next_step)
    return update
