"""The facilitator's export of an event's proposals as CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from hackathon import labels
from hackathon.models import Organisation, Proposal
from hackathon.parsing import cell_text
from hackathon.proposals.fields import FIELDS
from hackathon.proposals.values import display, read_values

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    """A cell any export can write: without characters XML 1.0 (XLSX) refuses, such as a
    vertical tab pasted from Word or text stored before the input was cleaned; and never run
    by a spreadsheet program as a formula (CSV injection). Every export writes through this."""
    value = cell_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _local(value) -> datetime | None:
    """A stored UTC time as naive local time (Europe/Copenhagen), or None."""
    from flask import current_app

    from hackathon.events.services import utc_to_local

    zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Copenhagen")
    return utc_to_local(value, zone).replace(tzinfo=None) if value else None


def _csv_cell(value: object, danish_excel: bool = False) -> object:
    """A CSV cell: times as "2027-03-01 14:30" (Danish Excel: "01.03.2027 14:30")."""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M" if danish_excel else "%Y-%m-%d %H:%M")
    if value is None:
        return ""
    return _safe(value)


def header() -> list[str]:
    """Column names in the person's language."""
    from flask_babel import gettext as _

    return [
        "id", _("Status"), _("Team size"), _("Team"), _("Sectors"), _("Submitted"),
        _("Last change"),
    ] + [str(field.label) for field in FIELDS]


def rows(proposals: list[Proposal], organisations: dict[int, Organisation]) -> list[list]:
    """One row per proposal, with every field as a person reads it."""
    table = []
    for proposal in proposals:
        values = read_values(proposal)
        table.append(
            [
                proposal.id,
                labels.label(proposal.status),
                len(proposal.authors),
                ", ".join(a.person.name for a in proposal.authors),
                ", ".join(labels.label(s) for s in proposal.sectors),
                _local(proposal.submitted_at),
                _local(proposal.updated_at),
            ]
            + [display(f.name, values[f.name], organisations) for f in FIELDS]
        )
    return table


def to_csv(proposals: list[Proposal], organisations: dict[int, Organisation],
           danish_excel: bool = False) -> str:
    """CSV text (UTF-8 with BOM so spreadsheet programs read Danish letters right);
    ``danish_excel`` separates by semicolons, as Danish Excel expects on a double click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if danish_excel else ",")
    writer.writerow(header())
    for row in rows(proposals, organisations):
        writer.writerow([_csv_cell(cell, danish_excel) for cell in row])
    return "\ufeff" + buffer.getvalue()


def to_xlsx(proposals: list[Proposal], organisations: dict[int, Organisation]) -> bytes:
    """An XLSX workbook with one sheet of proposals."""
    from flask_babel import gettext as _
    from openpyxl import Workbook

    from hackathon.report.xlsx import _sheet

    workbook = Workbook()
    workbook.remove(workbook.active)
    # Text stays text (a formula-like value is a text cell, no apostrophe), times are date
    # cells, ids and team sizes numbers; the header row is frozen and columns sized.
    sheet = _sheet(workbook, _("Proposals"), header(), rows(proposals, organisations),
                   {1: "0", 3: "0"})
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
