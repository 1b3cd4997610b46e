"""The bank's facets: names, the target-group vocabulary, and reading facet parameters.

Target groups are free text in proposals; the facet groups them by Danish stems found in the
text (a proposal about "sårbare gravide" is in the group "pregnant"), so the facet needs no
extra field from the teams.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from hackathon.bank.text import stems
from hackathon.enums import DiaStage, LearningTheme, Outcome, PrototypeStatus, Sector

# key -> (label, stems that put a target group text in it)
TARGET_GROUPS: dict[str, tuple] = {
    "families": (_l("Families and children"), {"famili", "barn", "børn", "forældr", "foræld"}),
    "pregnant": (_l("Pregnant women and infants"), {"gravid", "spædbørn", "nyfød", "fødsl"}),
    "young": (_l("Young people"), {"ung", "unge", "teenag"}),
    "elderly": (_l("Elderly people"), {"ældr", "pensionist", "plejehjem"}),
    "mental_health": (_l("Mental health"), {"psykisk", "psykiatri", "psykiatrisk", "angst"}),
    "chronic": (_l("Chronic illness"), {"kronisk", "diabet", "kol", "hjertesygdom"}),
}

# Facet parameters a search reads (name -> how values are checked).
LIST_FACETS = ("target", "sector", "org", "region", "municipality", "theme")
SCALAR_FACETS = ("stage", "status", "outcome", "event", "year")
ALL_FACETS = LIST_FACETS + SCALAR_FACETS

FACET_LABELS = {
    "target": _l("Target group"),
    "sector": _l("Sectors involved"),
    "org": _l("Organisation"),
    "region": _l("Region"),
    "municipality": _l("Municipality"),
    "stage": _l("DIA stage"),
    "status": _l("Prototype status"),
    "outcome": _l("Outcome"),
    "event": _l("Event"),
    "year": _l("Year"),
    "theme": _l("Learning theme"),
}

ENUM_FACETS = {
    "sector": Sector,
    "stage": DiaStage,
    "status": PrototypeStatus,
    "outcome": Outcome,
    "theme": LearningTheme,
}


def target_groups_of(text: str) -> list[str]:
    """The target-group keys whose stems occur in ``text``."""
    found = set(stems(text))
    return [key for key, (_label, wanted) in TARGET_GROUPS.items() if found & wanted]


def packed(values) -> str:
    """Values as a ``|a|b|`` facet column (unique, in order)."""
    out: list[str] = []
    for value in values:
        value = str(value)
        if value and value not in out:
            out.append(value)
    return "|" + "|".join(out) + ("|" if out else "")
