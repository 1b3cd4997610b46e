"""The portfolio board as CSV (plain, and the Danish Excel variant) and as XLSX.

Every CSV cell goes through ``hackathon.proposals.export._safe`` (no formula injection, no
characters XML refuses); in the XLSX, text that starts like a formula is a string cell (shown
as typed, never run) and is cleaned the same way. Amounts are whole DKK; dates are ISO in the
plain CSV, Danish in the Excel CSV, real dates in the XLSX.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from hackathon import labels
from hackathon.followup.board import days_since
from hackathon.parsing import cell_text
from hackathon.proposals.export import _safe

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns() -> list[tuple[str, str]]:
    """(stable key, translated header) of the board's export."""
    return [
        ("id", _("Prototype id")),
        ("title", _("Prototype")),
        ("event", _("Event")),
        ("year", _("Year")),
        ("stage", _("DIA stage")),
        ("status", _("Status")),
        ("status_reason", _("Reason for the status")),
        ("problem_owner", _("Problem owner")),
        ("process_owners", _("Process owners")),
        ("last_update", _("Last update")),
        ("days_since_update", _("Days since the last update")),
        ("silent", _("Silent (no update for 60 days)")),
        ("last_checkin", _("Last asked for an update")),
        ("last_checkin_to", _("Asked")),
        ("next_milestone", _("Next milestone")),
        ("next_milestone_due", _("Milestone due")),
        ("funding_gap", _("Funding gap (DKK)")),
    ]


def rows(cards: list[dict], now: datetime) -> list[dict[str, Any]]:
    """Plain values per card: numbers as int, dates as ``date``, booleans as bool."""
    found = []
    for c in cards:
        milestone = c["milestone"]
        found.append({
            "id": c["id"],
            "title": c["title"],
            "event": c["event"].title,
            "year": c["year"],
            "stage": labels.label(c["stage"]),
            "status": labels.label(c["status"]),
            "status_reason": c["status_reason"],
            "problem_owner": c["problem_owner"],
            "process_owners": "; ".join(c["process_owners"]),
            "last_update": c["last_update_at"].date(),
            "days_since_update": days_since(c["last_update_at"], now),
            "silent": c["silent"],
            "last_checkin": c["last_checkin_at"].date() if c["last_checkin_at"] else None,
            "last_checkin_to": c["last_checkin_to"],
            "next_milestone": milestone.title if milestone else "",
            "next_milestone_due": milestone.due_on if milestone else None,
            "funding_gap": c["funding_gap"],
        })
    return found


def _csv_cell(value: Any, excel: bool) -> str:
    value = _safe(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        if excel:
            return _("Yes") if value else _("No")
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return format_date(value, "short") if excel else value.isoformat()
    if isinstance(value, int | float) and excel:
        # Danish decimal comma, no thousands separator (Excel reads it as a number).
        return format_decimal(value, format="0.##")
    return str(value)


def to_csv(cards: list[dict], now: datetime, excel: bool = False) -> str:
    """The board as CSV: plain (comma, stable English keys, ISO dates) or the Danish Excel
    variant (semicolon, translated headers, decimal comma, Ja/Nej); both UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    cols = columns()
    writer.writerow([label if excel else key for key, label in cols])
    for row in rows(cards, now):
        writer.writerow([_csv_cell(row[key], excel) for key, _label in cols])
    return "\ufeff" + buffer.getvalue()


WIDTHS = {"title": 32, "event": 30, "status_reason": 40, "problem_owner": 28,
          "process_owners": 40, "last_checkin_to": 30, "next_milestone": 32}


def to_xlsx(cards: list[dict], now: datetime) -> bytes:
    """The board as one XLSX sheet: translated headers in bold, the header row frozen, numbers
    as numbers (amounts with a thousands format), dates as dates, Ja/Nej for yes/no."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Portfolio")[:31]
    cols = columns()
    sheet.append([label for _key, label in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    yes, no = _("Yes"), _("No")
    for row in rows(cards, now):
        values = []
        for key, _label in cols:
            value = row[key]
            if isinstance(value, bool):
                value = yes if value else no
            values.append(cell_text(value))
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            # Text that starts like a formula stays text (a string cell, no apostrophe shown).
            if cell.data_type == "f":
                cell.data_type = "s"
    for index, (key, _label) in enumerate(cols, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(key, 14)
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, date | datetime):
                cell.number_format = "DD-MM-YYYY"
            elif key == "funding_gap":
                cell.number_format = "#,##0"
            elif isinstance(cell.value, int):
                cell.number_format = "0"
            cell.alignment = Alignment(wrap_text=isinstance(cell.value, str), vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
