"""Converting a proposal to and from the string values its form and autosave use."""

from __future__ import annotations

import json
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hackathon.enums import EvidenceKind
from hackathon.extensions import db
from hackathon.models import Organisation, Proposal, ProposalOrganisation
from hackathon.parsing import ParseError, clean_text, loads_json, parse_date, parse_id
from hackathon.proposals.fields import BY_NAME, FIELDS

CONTACT_MAX = 120
MAX_ORGANISATIONS = 30


def goals_to_text(goals: list[dict]) -> str:
    """Goals as text: a goal per line, its sub-activities below it on lines starting with "- "."""
    lines: list[str] = []
    for goal in goals or []:
        lines.append(goal.get("goal", ""))
        lines.extend(f"- {activity}" for activity in goal.get("activities", []))
    return "\n".join(lines)


def text_to_goals(text: str) -> list[dict]:
    """Parse the goals text back into [{"goal": ..., "activities": [...]}, ...]."""
    goals: list[dict] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[0] in "-*\u2022":
            activity = line[1:].strip()
            if not goals:
                goals.append({"goal": "", "activities": []})
            if activity:
                goals[-1]["activities"].append(activity)
        else:
            goals.append({"goal": line, "activities": []})
    return goals


def organisations_to_text(links: list[ProposalOrganisation]) -> str:
    """The participating organisations as canonical JSON (one string, merged as one field)."""
    rows = [
        {"organisation_id": link.organisation_id, "process_owner": link.is_process_owner,
         "contact": link.contact_name}
        for link in links
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def read_values(proposal: Proposal) -> dict[str, str]:
    """Every field of ``proposal`` as the string the form shows."""
    values: dict[str, str] = {}
    for field in FIELDS:
        if field.name == "goals":
            values["goals"] = goals_to_text(proposal.goals)
        elif field.name == "organisations":
            values["organisations"] = organisations_to_text(proposal.organisations)
        elif field.name == "problem_owner_id":
            values[field.name] = str(proposal.problem_owner_id or "")
        elif field.name == "evidence_kind":
            values[field.name] = proposal.evidence_kind.value if proposal.evidence_kind else ""
        elif field.name == "trial_action_when":
            when = proposal.trial_action_when
            values[field.name] = when.isoformat() if when else ""
        else:
            values[field.name] = getattr(proposal, field.name) or ""
    return values


def parse_organisations(text: str) -> list[dict]:
    """Parse the organisations JSON; raises ValueError when it is malformed."""
    rows = loads_json(text or "[]")  # too deep nesting is a ValueError too
    if not isinstance(rows, list) or len(rows) > MAX_ORGANISATIONS:
        raise ValueError("not a list")
    clean, seen = [], set()
    for row in rows:
        if not isinstance(row, dict):
            raise ValueError("not an object")
        org_id = parse_id(row.get("organisation_id"))
        if org_id is None or org_id in seen:
            raise ValueError("bad organisation")
        contact = row.get("contact") or ""
        if not isinstance(contact, str) or len(contact) > CONTACT_MAX:
            raise ValueError("bad contact")
        seen.add(org_id)
        clean.append(
            {"organisation_id": org_id, "process_owner": bool(row.get("process_owner")),
             "contact": contact.strip()}
        )
    return clean


def clean_values(raw: dict[str, object]) -> tuple[dict[str, str], dict[str, str]]:
    """Check submitted values: (clean values, {field: translated error}). Unknown names are
    ignored; nothing is cut short silently."""
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, value in raw.items():
        if name not in BY_NAME:
            continue
        field = BY_NAME[name]
        if not isinstance(value, str):
            errors[name] = str(_l("This value could not be read."))
            continue
        value = clean_text(value.replace("\r\n", "\n"))
        if field.kind != "organisations" and len(value) > field.max_length:
            errors[name] = str(
                _l("At most %(max)d characters (now %(n)d).", max=field.max_length, n=len(value))
            )
            continue
        error = _check(field.kind, value)
        if error:
            errors[name] = error
            continue
        if field.kind == "organisations":
            value = json.dumps(parse_organisations(value), ensure_ascii=False,
                               separators=(",", ":"))
        clean[name] = value
    return clean, errors


def _check(kind: str, value: str) -> str | None:
    if kind == "organisation" and value:
        org_id = parse_id(value)
        if org_id is None or db.session.get(Organisation, org_id) is None:
            return str(_l("Choose an organisation from the list."))
    elif kind == "evidence_kind" and value:
        if value not in {k.value for k in EvidenceKind}:
            return str(_l("Not a valid choice."))
    elif kind == "date" and value:
        try:
            parse_date(value)
        except ParseError as error:
            return error.message
    elif kind == "organisations":
        try:
            rows = parse_organisations(value)
        except ValueError:
            return str(_l("The list of organisations could not be read."))
        ids = [row["organisation_id"] for row in rows]
        if ids:
            found = set(db.session.scalars(select(Organisation.id).where(Organisation.id.in_(ids))))
            if found != set(ids):
                return str(_l("Choose an organisation from the list."))
    return None


def apply_values(proposal: Proposal, values: dict[str, str]) -> None:
    """Write clean values to the model (the caller has run ``clean_values``)."""
    for name, value in values.items():
        if name == "goals":
            proposal.goals = text_to_goals(value)
        elif name == "organisations":
            _apply_organisations(proposal, parse_organisations(value))
        elif name == "problem_owner_id":
            proposal.problem_owner_id = int(value) if value else None
        elif name == "evidence_kind":
            proposal.evidence_kind = EvidenceKind(value) if value else None
        elif name == "trial_action_when":
            proposal.trial_action_when = date.fromisoformat(value) if value else None
        else:
            setattr(proposal, name, value)


def _apply_organisations(proposal: Proposal, rows: list[dict]) -> None:
    existing = {link.organisation_id: link for link in proposal.organisations}
    wanted = {row["organisation_id"] for row in rows}
    for org_id, link in existing.items():
        if org_id not in wanted:
            proposal.organisations.remove(link)
    db.session.flush()  # free the (proposal, organisation) pairs before re-adding in order
    ordered = []
    for row in rows:
        link = existing.get(row["organisation_id"]) or ProposalOrganisation(
            organisation_id=row["organisation_id"]
        )
        link.is_process_owner = row["process_owner"]
        link.contact_name = row["contact"]
        ordered.append(link)
    proposal.organisations[:] = ordered


def missing_for_submission(values: dict[str, str]) -> list[tuple[str, str]]:
    """(field name, what is missing) for every required field that is not filled in."""
    missing: list[tuple[str, str]] = []
    for field in FIELDS:
        if not field.required:
            continue
        value = values.get(field.name, "")
        if field.kind == "organisations":
            rows = parse_organisations(value)
            if not rows:
                missing.append((field.name, str(_l("Add the participating organisations."))))
            elif not any(row["process_owner"] for row in rows):
                missing.append((field.name, str(_l("Tick at least one process owner."))))
            elif any(row["process_owner"] and not row["contact"] for row in rows):
                missing.append(
                    (field.name, str(_l("Name a contact person for each process owner.")))
                )
        elif not value.strip():
            missing.append((field.name, str(field.label)))
    return missing


def join_missing(missing: list[tuple[str, str]]) -> str:
    """The missing items as one phrase for a sentence: "Arbejdstitel, Tilføj de deltagende
    organisationer" (an item's own full stop is dropped, so no "organisationer.,")."""
    return ", ".join(what.rstrip(". ") for _name, what in missing)


def display(name: str, value: str, organisations: dict[int, Organisation]) -> str:
    """A field value as a person reads it (names instead of ids, dates written out)."""
    from hackathon import labels

    if not value:
        return ""
    kind = BY_NAME[name].kind if name in BY_NAME else "text"
    if kind == "organisation":
        org = organisations.get(parse_id(value))
        return org.name if org else value
    if kind == "evidence_kind":
        return labels.label(EvidenceKind(value))
    if kind == "date":
        from hackathon import formatting

        try:
            return formatting.date(parse_date(value))
        except ParseError:
            return value
    if kind == "organisations":
        parts = []
        for row in parse_organisations(value):
            org = organisations.get(row["organisation_id"])
            text = org.name if org else str(row["organisation_id"])
            if row["process_owner"]:
                owner = str(_l("process owner"))
                text += f" ({owner}: {row['contact']})" if row["contact"] else f" ({owner})"
            parts.append(text)
        return "; ".join(parts)
    return value


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences as (op, text) pieces, op in "same", "del", "ins"."""
    import re
    from difflib import SequenceMatcher

    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                pieces.append(("del", "".join(a[i1:i2])))
            if j2 > j1:
                pieces.append(("ins", "".join(b[j1:j2])))
    return pieces
