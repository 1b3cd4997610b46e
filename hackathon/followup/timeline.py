"""The timeline of a prototype: everything that happened, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hackathon.models import Prototype


@dataclass
class Entry:
    """One thing that happened: ``at`` (UTC), ``kind`` ("change", "trial_action",
    "measurement", "note", "update") and the record itself."""

    at: datetime
    kind: str
    item: Any


def timeline(prototype: Prototype) -> list[Entry]:
    """Stage and status changes, trial actions (when recorded), measurements, learning notes
    and updates of ``prototype``, newest first (ties: the later record first)."""
    entries = [Entry(c.changed_at, "change", c) for c in prototype.changes]
    entries += [Entry(t.updated_at or t.created_at, "trial_action", t)
                for t in prototype.trial_actions]
    entries += [Entry(m.created_at, "measurement", m)
                for indicator in prototype.indicators for m in indicator.measurements]
    entries += [Entry(n.created_at, "note", n) for n in prototype.notes]
    entries += [Entry(u.created_at, "update", u) for u in prototype.updates]
    order = {"change": 0, "trial_action": 1, "measurement": 2, "note": 3, "update": 4}
    return sorted(entries, key=lambda e: (e.at, order[e.kind], e.item.id), reverse=True)
