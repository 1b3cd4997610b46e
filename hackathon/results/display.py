"""How the results pages show a ranking: method names, the contribution chart, thin-data notes.

No routes here: the results page, the what-if sandbox and the decisions pages share these.
"""

from __future__ import annotations

import math
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PLOT_LEFT, PLOT_WIDTH = 310.0, 680.0  # the chart's drawing area in its 1000-wide viewBox

# Why the weighted sum is the official default, in words a steering group can repeat (shown
# on the results page and in the report).
WSM_WHY = _l(
    "The weighted sum (WSM) is the default official method because it can be explained in "
    "one sentence: each proposal's total is the weighted average of its mean scores on the "
    "criteria, each mean put on a scale from 0 (the criterion's worst score) to 1 (its best). "
    "Adding or removing a proposal therefore never reorders the others; the other methods "
    "can, so they are shown beside it for comparison only."
)


def method_label(method: str) -> str:
    """The name of a ranking method in the person's language."""
    return {
        "wsm": _("Weighted sum (WSM)"),
        "wpm": _("Weighted product (WPM)"),
        "topsis": _("TOPSIS (closeness to the ideal)"),
        "vikor": _("VIKOR (compromise)"),
        "moora": _("MOORA (ratio system)"),
        "refpoint": _("Reference point (MOORA)"),
    }[method]


def left_out_text(label: str) -> str:
    """Why a criterion is not in the ranking, in one translated sentence."""
    return _(
        "“%(criterion)s” is left out of the ranking: no reviewer scored it on any proposal "
        "(every reviewer abstained). The proposals are ranked on the other criteria, whose "
        "weights are scaled up to add up to 100 %%.",
        criterion=label,
    )


def left_out_of(result: dict[str, Any], model: Any, lang: str) -> list[dict[str, str]]:
    """The criteria a ranking left out, each with its label and the reason in words."""
    found = []
    for entry in result.get("left_out", []):
        label = model.criterion(entry["criterion"]).label(lang)
        found.append({"criterion": entry["criterion"], "label": label,
                      "reason": left_out_text(label)})
    return found


def criterion_labels(model: Any, keys: list[str], lang: str) -> str:
    """Criterion keys as their names in ``lang``, comma-separated."""
    return ", ".join(model.criterion(key).label(lang) for key in keys)


def official_rank(result: dict[str, Any], proposal_id: int) -> int | None:
    """A proposal's rank in a ranking result, or None when it is not ranked."""
    for row in result["ranking"]:
        if row["proposal"] == proposal_id:
            return row["rank"]
    return None


def _finite(value: float | None) -> float:
    """A contribution for drawing: missing or not finite (a log of 0 under WPM) draws as 0."""
    return value if value is not None and math.isfinite(value) else 0.0


def chart(result: dict) -> dict:
    """Geometry of the diverging contribution chart: per proposal, each criterion's bar goes
    right when it pulls the proposal up and left when it pulls it down. For methods where
    lower is better (VIKOR, reference point) a contribution is a regret, drawn to the left."""
    keys = [c["key"] for c in result["criteria"]]
    sign = 1.0 if result["higher_is_better"] else -1.0
    signed = [[sign * _finite(row["contributions"][k]) for k in keys] for row in result["ranking"]]
    right = max((sum(v for v in row if v > 0) for row in signed), default=0.0)
    left = max((sum(-v for v in row if v < 0) for row in signed), default=0.0)
    scale = PLOT_WIDTH / ((right + left) or 1.0)
    zero = PLOT_LEFT + left * scale
    rows = []
    for row, values in zip(result["ranking"], signed, strict=True):
        up, down, parts = zero, zero, []
        for i, (key, value) in enumerate(zip(keys, values, strict=True)):
            width = abs(value) * scale
            if value >= 0:
                x, up = up, up + width
            else:
                down -= width
                x = down
            parts.append({"key": key, "index": i, "x": round(x, 2), "width": round(width, 2)})
        rows.append({"proposal": row["proposal"], "parts": parts})
    return {"keys": keys, "rows": rows, "zero": round(zero, 2), "has_left": left > 0}
