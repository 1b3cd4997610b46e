"""The report as a workbook for Danish offices, and the CSV variant Danish Excel opens by a
double click.

The workbook speaks the reader's language: sheet names, headers, criterion names (not keys),
outcomes and notes; numbers are numbers with number formats (2 decimals for scores, 3 for
totals and alpha, percent for probabilities), yes/no as "Ja"/"Nej", dates as dates, the header
row frozen and columns sized to their content. Text that a spreadsheet would run as a formula
("=HYPERLINK(...)") is stored as a text cell, not given a leading apostrophe: the cell shows
exactly what was typed.

The Danish CSV (``to_excel_csv``) has semicolons, decimal commas and a UTF-8 byte order mark;
the standard CSV (``export.to_csv``) stays as ``hackathon rank`` reads it.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from hackathon.parsing import cell_text
from hackathon.proposals.export import _safe
from hackathon.report import export

WIDTH_MIN, WIDTH_MAX = 8, 60
FORMATS = {"score": "0.00", "total": "0.000", "alpha": "0.000", "share": "0%", "weight": "0.00",
           "int": "0"}


def SCORE_HEADERS() -> list[str]:  # noqa: N802  (a constant, translated when called)
    """The score table's headers in the reader's language."""
    return [_("Proposal"), _("Reviewer"), _("Criterion"), _("Score")]


def yes_no(value: bool) -> str:
    """ "Ja"/"Nej" (or "Yes"/"No") for a boolean cell."""
    return _("Yes") if value else _("No")


def _date_format() -> str:
    return "d. mmmm yyyy" if str(get_locale() or "da").startswith("da") else "mmmm d, yyyy"


def _text_cell(cell, value: Any) -> None:
    """Write ``value``; a string stays a string even when it starts like a formula."""
    value = cell_text(value)
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


def _sheet(workbook, title: str, header: list[str], rows: list[list[Any]],
           formats: dict[int, str] | None = None):
    """A sheet with a bold, frozen header row, typed cells and column widths."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    formats = formats or {}
    widths = [len(str(h)) for h in header]
    for col, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=col)
        _text_cell(cell, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=col)
            if isinstance(value, bool):
                value = yes_no(value)
            if isinstance(value, datetime | date):
                cell.value = value
                cell.number_format = _date_format() + (" hh:mm" if isinstance(value, datetime)
                                                       else "")
                shown = 18
            elif isinstance(value, int | float) and value is not None:
                cell.value = value
                if col in formats:
                    cell.number_format = formats[col]
                shown = 8
            else:
                _text_cell(cell, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                shown = max((len(line) for line in str(value or "").splitlines()), default=0)
            widths[col - 1] = max(widths[col - 1] if col - 1 < len(widths) else 0, shown)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = max(
            WIDTH_MIN, min(WIDTH_MAX, width + 2))
    sheet.freeze_panes = "A2"
    return sheet


def to_xlsx(data: dict[str, Any]) -> bytes:
    """The workbook: scores, ranking, decisions and the scoring model, in the reader's
    language (the current locale). Returns the .xlsx bytes."""
    from openpyxl import Workbook

    model = data["model"] or {}
    criteria = model.get("criteria", [])
    label_of = {c["key"]: c["label"] for c in criteria}
    workbook = Workbook()
    workbook.remove(workbook.active)

    _sheet(workbook, _("Scores"),
           SCORE_HEADERS(),
           [[row["proposal"], row["reviewer"], label_of.get(row["criterion"], row["criterion"]),
             row["score"]] for row in data["scores"]],
           {4: FORMATS["int"]})

    quota = data["event"]["selection_quota"]
    ranking_header = [_("Rank"), _("Proposal"), _("Total score"),
                      *(c["label"] for c in criteria),
                      _("Probability of top %(k)d", k=quota), _("In the top"), _("Notes")]
    n = len(criteria)
    formats = {1: FORMATS["int"], 3: FORMATS["total"], 4 + n: FORMATS["share"]}
    formats.update({4 + i: FORMATS["score"] for i in range(n)})
    ranking_rows = [
        [row["rank"], row["title"], row["score"],
         *(row["criteria"].get(c["key"]) for c in criteria),
         row["p_top_k"], row["in_top_k"], ", ".join(row["flag_labels"])]
        for row in data["ranking"]
    ] + [
        [None, row["title"], None, *(row["criteria"].get(c["key"]) for c in criteria), None,
         False, _("no score yet on: %(criteria)s", criteria=", ".join(row["missing"]))]
        for row in data["unranked"]
    ]
    _sheet(workbook, _("Ranking"), ranking_header, ranking_rows, formats)

    decision_header = [_("Proposal"), _("Rank"), _("Outcome"), _("Rationale"),
                       _("Justification"), _("Merged into"), _("Problem owner"),
                       _("Process owners"), _("First trial action"),
                       _("Date of the first trial action"), _("Amendments"), _("Published")]
    decision_rows = []
    for row in export.rows("decisions", data):
        trial = row["trial_date"]
        if isinstance(trial, str) and trial:
            try:
                trial = date.fromisoformat(trial)
            except ValueError:
                pass
        decision_rows.append([
            row["title"], row["rank"], next(
                d["outcome_label"] for d in data["decisions"] if d["proposal"] == row["proposal"]),
            row["rationale"], row["justification"], row["merged_into"], row["problem_owner"],
            row["process_owners"], row["trial_action"], trial or None, row["amendments"],
            row["published"],
        ])
    _sheet(workbook, _("Decisions"), decision_header, decision_rows,
           {2: FORMATS["int"], 11: FORMATS["int"]})

    agreement = {a["key"]: a for a in data["agreement"]}
    left_out = {entry["key"]: entry["text"] for entry in data.get("left_out", [])}
    model_rows = []
    for c in criteria:
        found = agreement.get(c["key"], {})
        model_rows.append([
            c["label"], c["weight"], _("Higher is better") if c["objective"] == "max"
            else _("Lower is better"), c["scale"][0], c["scale"][1], found.get("alpha"),
            found.get("reading_label", ""), c.get("weight_used", c["weight"]),
            left_out.get(c["key"], ""), c["key"],
        ])
    model_rows.append([])
    for label, value in (
        (_("Event"), data["event"]["title"]),
        (_("Scoring model"), model.get("label", "")),
        (_("Method"), model.get("method_name", "")),
        (_("Why this method"), model.get("why_default", "")),
        (_("Aggregation of the reviewers' scores"), model.get("aggregation") or ""),
        (_("Selection quota"), quota),
        (_("Adopted weighting: reason"), (data["adoption"] or {}).get("reason", "")),
        (_("Decision published"), bool(data["published"])),
        (_("Ranking as it was at publication"), data.get("ranking_recorded_at") or ""),
    ):
        model_rows.append([label, value])
    _sheet(workbook, _("Scoring model"),
           [_("Criterion"), _("Weight in force"), _("Direction"), _("Scale from"),
            _("Scale to"), _("Krippendorff's alpha"), _("Agreement"),
            _("Weight in the ranking"), _("Left out of the ranking because"),
            _("Criterion (key)")],
           model_rows, {2: FORMATS["weight"], 6: FORMATS["alpha"], 8: FORMATS["weight"]})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_cell(value: Any) -> str:
    """A cell of the Danish CSV: decimal comma, Ja/Nej, dates as the locale writes them."""
    from hackathon import formatting

    value = _safe(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, datetime):
        return formatting.datetime(value, "short")
    if isinstance(value, date):
        return formatting.date(value, "short")
    return str(value)


def to_excel_csv(table: str, data: dict[str, Any]) -> str:
    """One table as the CSV Danish Excel opens by a double click: semicolon separated,
    decimal commas, translated headers, UTF-8 with a byte order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    cols = export.columns(table, data)
    if table == "scores":
        cols = list(zip(export.SCORE_COLUMNS, SCORE_HEADERS(), strict=True))
    writer.writerow([label for _key, label in cols])
    label_of = {c["key"]: c["label"] for c in (data["model"] or {}).get("criteria", [])}
    notes = {r["proposal"]: ", ".join(r["flag_labels"]) for r in data.get("ranking", [])}
    notes.update({r["proposal"]: _("no score yet on: %(criteria)s",
                                   criteria=", ".join(r["missing"]))
                  for r in data.get("unranked", [])})
    for row in export.rows(table, data):
        if table == "scores":
            row = {**row, "criterion": label_of.get(row["criterion"], row["criterion"])}
        elif table == "ranking":  # notes in words, not codes
            row = {**row, "flags": notes.get(row["proposal"], "")}
        writer.writerow([_excel_cell(row[key]) for key, _label in cols])
    return "\ufeff" + buffer.getvalue()
