"""The report's tables as CSV, XLSX and JSON, built from ``report_data``.

The scores table has exactly the columns ``hackathon rank`` reads (proposal, reviewer,
criterion, score; an empty score is an abstention), with reviewers as pseudonyms (R1, R2 ...).
CSV and JSON use stable English column names; the XLSX (``hackathon.report.xlsx``) and the
Danish-Excel CSV variant are in the person's language.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from hackathon.proposals.export import _safe
from hackathon.report import FORMATS, TABLES  # noqa: F401  (re-exported for the views)

SCORE_COLUMNS = ("proposal", "reviewer", "criterion", "score")


def columns(table: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(stable key, translated header) of a table's columns."""
    if table == "scores":
        return [(key, key) for key in SCORE_COLUMNS]
    if table == "ranking":
        criteria = (data["model"] or {}).get("criteria", [])
        return [
            ("rank", _("Rank")),
            ("proposal", _("Proposal id")),
            ("title", _("Proposal")),
            ("score", _("Total score")),
            *((c["key"], c["label"]) for c in criteria),
            ("p_top_k", _("Probability of top %(k)d", k=data["event"]["selection_quota"])),
            ("in_top_k", _("In the top")),
            ("flags", _("Notes")),
        ]
    if table == "decisions":
        return [
            ("proposal", _("Proposal id")),
            ("title", _("Proposal")),
            ("rank", _("Rank")),
            ("outcome", _("Outcome (code)")),
            ("outcome_label", _("Outcome")),
            ("rationale", _("Rationale")),
            ("justification", _("Justification")),
            ("merged_into", _("Merged into")),
            ("problem_owner", _("Problem owner")),
            ("process_owners", _("Process owners")),
            ("trial_action", _("First trial action")),
            ("trial_date", _("Date of the first trial action")),
            ("amendments", _("Amendments")),
            ("published", _("Published")),
        ]
    raise ValueError(table)


def rows(table: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """A table's rows as {column key: plain value}."""
    if table == "scores":
        return [{key: row[key] for key in SCORE_COLUMNS} for row in data["scores"]]
    if table == "ranking":
        keys = [c["key"] for c in (data["model"] or {}).get("criteria", [])]
        # A criterion nobody scored has empty cells; every row says so in its notes.
        left_out = [f"left_out:{entry['key']}" for entry in data.get("left_out", [])]
        found = [
            {
                "rank": row["rank"],
                "proposal": row["proposal"],
                "title": row["title"],
                "score": row["score"],
                **{key: row["criteria"][key] for key in keys},
                "p_top_k": row["p_top_k"],
                "in_top_k": row["in_top_k"],
                "flags": ";".join([*row["flags"], *left_out]),
            }
            for row in data["ranking"]
        ]
        found += [
            {
                "rank": None,
                "proposal": row["proposal"],
                "title": row["title"],
                "score": None,
                **{key: row["criteria"].get(key) for key in keys},
                "p_top_k": None,
                "in_top_k": False,
                "flags": ";".join(["missing_scores", *left_out]),
            }
            for row in data["unranked"]
        ]
        return found
    if table == "decisions":
        return [
            {
                "proposal": row["proposal"],
                "title": row["title"],
                "rank": row["rank"],
                "outcome": row["outcome"],
                "outcome_label": row["outcome_label"],
                "rationale": row["rationale"],
                "justification": row["justification"],
                "merged_into": row["merged_into"],
                "problem_owner": (row["problem_owner"] or {}).get("name", ""),
                "process_owners": "; ".join(_owner(o) for o in row["process_owners"]),
                "trial_action": row["trial_action"],
                "trial_date": row["trial_date"],
                "amendments": len(row["amendments"]),
                "published": data["published"],
            }
            for row in data["decisions"]
        ]
    raise ValueError(table)


def _owner(owner: dict[str, Any]) -> str:
    contact = ", ".join(part for part in (owner["contact_name"], owner["contact_email"]) if part)
    return f"{owner['name']} ({contact})" if contact else owner["name"]


def _cell(value: Any) -> str:
    """A CSV cell: full precision for floats, empty for None, ISO dates."""
    value = _safe(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def to_csv(table: str, data: dict[str, Any]) -> str:
    """One table as CSV text (UTF-8 with BOM, so spreadsheet programs read Danish letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    keys = [key for key, _label in columns(table, data)]
    writer.writerow(keys)
    for row in rows(table, data):
        writer.writerow([_cell(row[key]) for key in keys])
    return "\ufeff" + buffer.getvalue()


def to_xlsx(data: dict[str, Any]) -> bytes:
    """The workbook in the reader's language (see ``hackathon.report.xlsx``)."""
    from hackathon.report import xlsx

    return xlsx.to_xlsx(data)


def to_json(data: dict[str, Any]) -> str:
    """The whole report as JSON, including the model in force (to rerun ``hackathon rank``)."""
    model = data["model"]
    document = {
        "event": {**data["event"], "phase": data["event"]["phase"].value},
        "published": data["published"],
        "published_at": data["published_at"],
        "ranking_as_published_at": data.get("ranking_recorded_at"),
        "organisations": data["organisations"],
        "model": None
        if model is None
        else {
            key: model[key]
            for key in ("key", "label", "method", "aggregation", "top_k", "samples", "seed",
                        "criteria", "snapshot")
        },
        "adoption": data["adoption"],
        "left_out": data.get("left_out", []),
        "ranking": rows("ranking", data),
        "agreement": [
            {key: a[key] for key in ("key", "label", "alpha", "reading")}
            for a in data["agreement"]
        ],
        "decisions": [
            {key: value for key, value in row.items() if key != "outcome_label"}
            for row in data["decisions"]
        ],
        "scores": rows("scores", data),
        "empty": data["empty"],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
