"""How each kind of audit entry reads in the log: one function per action, in one place.

``DETAILS`` names the detail keys each action's writer stores; tests/audit checks every
``record(...)`` call in the code base against it, so a writer and this reader cannot drift
apart again (the projector reveal stored ``shown`` while the page read ``revealed``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hackathon import formatting
from hackathon.enums import (
    DiaStage,
    MilestoneStatus,
    Outcome,
    Phase,
    PrototypeStatus,
    TrialActionStatus,
)
from hackathon.labels import label

# The detail keys each action stores (beyond event, actor and proposal).
DETAILS: dict[str, frozenset[str]] = {
    "phase": frozenset({"from_phase", "to_phase"}),
    "score": frozenset({"changes", "complete"}),
    "decision": frozenset({"old", "new"}),
    "amendment": frozenset({"old", "new", "reason"}),
    "publish": frozenset({"selected", "quota"}),
    "weighting": frozenset({"weights", "method", "reason"}),
    "release": frozenset({"what", "released"}),
    "reveal": frozenset({"shown", "where", "places", "of"}),
    "roles": frozenset({"person", "reason"}),
    # change: "created", "stage", "status" (the follow-up adds its own kinds here).
    "prototype": frozenset({"change", "prototype", "old", "new", "reason"}),
    # change: "created", "added", "proposed", "approved", "renamed", "removed", "merged",
    # "imported", "copied" (count: how many rows; organisation: the event copied from).
    "organisations": frozenset({"change", "organisation", "old", "new", "moved", "count"}),
    # change: "policy" (old/new policy), "consent" (old/new {consent, named}), "copied"
    # (old: the bank entry's public id, new: the new proposal's id).
    "bank": frozenset({"change", "old", "new"}),
}

# What the log calls each action (the filter's options and the "What" column).
ACTION_NAMES = {
    "phase": _l("Phase"),
    "score": _l("Score"),
    "decision": _l("Decision"),
    "amendment": _l("Amendment"),
    "publish": _l("Publication"),
    "weighting": _l("Weighting"),
    "release": _l("Release"),
    "reveal": _l("Reveal"),
    "roles": _l("Roles"),
    "prototype": _l("Prototype"),
    "organisations": _l("Organisations"),
    "bank": _l("Knowledge bank"),
}

# A score change's old value when the criterion had not been answered before.
NOT_ANSWERED = "-"


@dataclass(frozen=True)
class AuditLine:
    """One entry as the log shows it: a summary, and a free text (a reason) kept apart."""

    summary: str
    note: str = ""


def _enum_label(enum_cls, value: Any) -> str:
    try:
        return label(enum_cls(value))
    except ValueError:
        return str(value)


def _score_value(value: Any) -> str:
    return _("abstained") if value is None else str(value)


def _phase(d: dict, **_kw) -> AuditLine:
    return AuditLine(
        f"{_enum_label(Phase, d.get('from_phase'))} → {_enum_label(Phase, d.get('to_phase'))}"
    )


def _score(d: dict, *, criterion: Callable[[str], str], show_scores: bool) -> AuditLine:
    changes = d.get("changes") or {}
    parts = []
    if changes and show_scores:
        for key, (old, new) in changes.items():
            if old == NOT_ANSWERED:
                parts.append(f"{criterion(key)}: {_score_value(new)}")
            else:
                parts.append(f"{criterion(key)}: {_score_value(old)} → {_score_value(new)}")
        text = ", ".join(parts)
    elif changes:
        # While the round is blind, name which criteria changed, not the values.
        text = _("changed: %(criteria)s", criteria=", ".join(criterion(k) for k in changes))
    else:
        text = ""
    if d.get("complete"):
        text = f"{text} · {_('complete')}" if text else _("marked complete")
    return AuditLine(text or _("saved without changes"))


def _outcome(snapshot: dict | None) -> str:
    return _enum_label(Outcome, snapshot.get("outcome")) if snapshot else ""


def _decision(d: dict, **_kw) -> AuditLine:
    old, new = d.get("old"), d.get("new")
    if not old:
        summary = _("staged: %(outcome)s", outcome=_outcome(new))
    elif old.get("outcome") == (new or {}).get("outcome"):
        summary = _("%(outcome)s (details changed)", outcome=_outcome(new))
    else:
        summary = f"{_outcome(old)} → {_outcome(new)}"
    return AuditLine(summary, d.get("reason", ""))


def _publish(d: dict, **_kw) -> AuditLine:
    return AuditLine(
        _("%(selected)d of %(quota)d selected", selected=d.get("selected", 0),
          quota=d.get("quota", 0))
    )


def _weighting(d: dict, *, criterion: Callable[[str], str], **_kw) -> AuditLine:
    weights = ", ".join(
        f"{criterion(key)} {formatting.number(float(weight), 0)}"
        for key, weight in (d.get("weights") or {}).items()
    )
    method = str(d.get("method", "")).upper()
    return AuditLine(f"{method}: {weights}" if weights else method, d.get("reason", ""))


def _release(d: dict, **_kw) -> AuditLine:
    on = bool(d.get("released"))
    if d.get("what") == "feedback":
        summary = (_("the reviewers' comments are released to the teams") if on
                   else _("the reviewers' comments are withdrawn from the teams"))
    else:
        summary = (_("the results are released to reviewers and observers") if on
                   else _("the results are withdrawn from reviewers and observers"))
    return AuditLine(summary)


def _reveal(d: dict, **_kw) -> AuditLine:
    # "revealed" is read too, in case an older entry used that name.
    on = bool(d.get("shown", d.get("revealed")))
    if on and d.get("places") == 0:
        return AuditLine(_("the reveal on the projector started (%(of)s places)",
                           of=d.get("of", "?")))
    if on and d.get("places") is not None:
        return AuditLine(
            _("%(places)s of %(of)s places are shown on the projector", places=d["places"],
              of=d.get("of", "?"))
        )
    return AuditLine(
        _("the results are shown on the projector") if on
        else _("the results are hidden on the projector")
    )


def _roles(d: dict, **_kw) -> AuditLine:
    return AuditLine(
        _("%(name)s may be both reviewer and participant", name=d.get("person", "?")),
        d.get("reason", ""),
    )


def _prototype_state(kind: str, value: Any) -> str:
    if kind == "stage":
        return _enum_label(DiaStage, value)
    if kind == "status":
        return _enum_label(PrototypeStatus, value)
    return str(value or "")


def _prototype(d: dict, **_kw) -> AuditLine:
    name = d.get("prototype", "?")
    change = d.get("change", "")
    if change == "created":
        return AuditLine(_("Prototype %(name)s started from the decision", name=name))
    if change == "checkin":
        return AuditLine(_("Prototype %(name)s: an update was asked of %(who)s", name=name,
                           who=d.get("new", "")))
    if change in ("stage", "status"):
        old = _prototype_state(change, d.get("old"))
        new = _prototype_state(change, d.get("new"))
        if change == "stage":
            text = _("Prototype %(name)s: stage %(old)s → %(new)s", name=name, old=old, new=new)
        else:
            text = _("Prototype %(name)s: status %(old)s → %(new)s", name=name, old=old, new=new)
        return AuditLine(text, d.get("reason", ""))
    kind = _PROTOTYPE_RECORDS.get(change)
    if kind is not None:
        old, new = d.get("old") or "", d.get("new") or ""
        if new == "removed":
            text = _("Prototype %(name)s: %(kind)s removed", name=name, kind=kind())
        elif change == "measurement":
            text = _("Prototype %(name)s: measurement %(value)s added", name=name, value=new)
        elif not old or change == "settings":
            text = _("Prototype %(name)s: %(kind)s added", name=name, kind=kind()) if not old \
                else _("Prototype %(name)s: %(kind)s changed", name=name, kind=kind())
        else:
            text = _("Prototype %(name)s: %(kind)s changed (%(old)s → %(new)s)", name=name,
                     kind=kind(), old=_record_state(change, old),
                     new=_record_state(change, new))
        return AuditLine(text, d.get("reason", ""))
    return AuditLine(_("Prototype %(name)s: %(change)s", name=name, change=change),
                     d.get("reason", ""))


# The states a record of a prototype passes through (trial actions, milestones, funding items,
# contacts' links), in words.
_RECORD_STATES: dict[str, Callable[[], str]] = {
    "planned": lambda: label(TrialActionStatus.PLANNED),
    "done": lambda: label(TrialActionStatus.DONE),
    "cancelled": lambda: label(TrialActionStatus.CANCELLED),
    "missed": lambda: label(MilestoneStatus.MISSED),
    "added": lambda: _("added"),
    "secured": lambda: _("secured"),
    "needed": lambda: _("still needed"),
    "invited": lambda: _("invited"),
    "accepted": lambda: _("link opened"),
    "reissued": lambda: _("new link"),
    "revoked": lambda: _("link revoked"),
}


def _record_state(change: str, value: str) -> str:
    if change == "milestone" and value in set(MilestoneStatus):
        return label(MilestoneStatus(value))
    words = _RECORD_STATES.get(value)
    return words() if words is not None else value


# The kinds of records on a prototype (the "change" of a "prototype" entry), in words.
_PROTOTYPE_RECORDS: dict[str, Callable[[], str]] = {
    "trial_action": lambda: _("trial action"),
    "milestone": lambda: _("milestone"),
    "indicator": lambda: _("indicator"),
    "measurement": lambda: _("measurement"),
    "business_case": lambda: _("business case line"),
    "funding": lambda: _("funding item"),
    "note": lambda: _("learning note"),
    "update": lambda: _("update"),
    "contact": lambda: _("contact person"),
    "settings": lambda: _("operation owner and team permission"),
}
def _organisations(d: dict, **_kw) -> AuditLine:
    name = d.get("organisation", "?")
    change = d.get("change", "")
    if change == "merged":
        moved = sum((d.get("moved") or {}).values())
        return AuditLine(_("%(old)s merged into %(new)s (%(n)d links moved)",
                           old=d.get("old", "?"), new=d.get("new", "?"), n=moved))
    if change == "renamed":
        return AuditLine(_("Organisation renamed: %(old)s → %(new)s", old=d.get("old", "?"),
                           new=d.get("new", "?")))
    if change == "imported":
        return AuditLine(_("%(n)d organisations imported", n=d.get("count", 0)))
    if change == "copied":
        return AuditLine(_("%(n)d organisations copied from %(name)s", n=d.get("count", 0),
                           name=name))
    texts = {
        "created": _("Organisation %(name)s created and added to the list", name=name),
        "added": _("Organisation %(name)s added to the list", name=name),
        "proposed": _("Organisation %(name)s proposed by a participant", name=name),
        "approved": _("Organisation %(name)s approved", name=name),
        "removed": _("Organisation %(name)s removed from the list", name=name),
    }
    return AuditLine(texts.get(change, f"{name}: {change}"))
def _bank(d: dict, **_kw) -> AuditLine:
    change, old, new = d.get("change", ""), d.get("old"), d.get("new")
    if change == "policy":
        return AuditLine(_("Knowledge bank: sharing %(old)s → %(new)s", old=old, new=new))
    if change == "consent":
        shared = isinstance(new, dict) and new.get("consent")
        named = isinstance(new, dict) and new.get("named")
        if not shared:
            return AuditLine(_("Knowledge bank: the team withdrew its consent"))
        return AuditLine(_("Knowledge bank: the team shares its proposal, with names")
                         if named else _("Knowledge bank: the team shares its proposal"))
    if change == "copied":
        return AuditLine(_("Knowledge bank: proposal started from entry %(entry)s", entry=old))
    return AuditLine(_("Knowledge bank: %(change)s", change=change))


DESCRIBERS: dict[str, Callable[..., AuditLine]] = {
    "phase": _phase,
    "score": _score,
    "decision": _decision,
    "amendment": _decision,
    "publish": _publish,
    "weighting": _weighting,
    "release": _release,
    "reveal": _reveal,
    "roles": _roles,
    "prototype": _prototype,
    "organisations": _organisations,
    "bank": _bank,
}


def action_name(action: str) -> str:
    """The translated name of an action (the action's own name when unknown)."""
    return str(ACTION_NAMES.get(action, action))


def describe(
    action: str, details: dict | None, *, criterion: Callable[[str], str], show_scores: bool
) -> AuditLine:
    """The log's wording of one entry (an unknown action reads as its name, never blank)."""
    describer = DESCRIBERS.get(action)
    if describer is None:
        return AuditLine(action)
    return describer(details or {}, criterion=criterion, show_scores=show_scores)
