"""The facilitator's export of an event's proposals as CSV and XLSX."""

from __future__ import annotations

import csv
import io

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


def _local(value) -> str:
    """A stored UTC time as Danish local time, as the pages show it ("2027-03-01 14:30")."""
    from flask import current_app

    from hackathon.events.services import utc_to_local

    zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Copenhagen")
    return utc_to_local(value, zone).strftime("%Y-%m-%d %H:%M") if value else ""


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


def to_csv(proposals: list[Proposal], organisations: dict[int, Organisation]) -> str:
    """CSV text (UTF-8 with BOM so spreadsheet programs read Danish letters right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in rows(proposals, organisations):
        writer.writerow([_safe(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


def to_xlsx(proposals: list[Proposal], organisations: dict[int, Organisation]) -> bytes:
    """An XLSX workbook with one sheet of proposals."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Forslag"
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(proposals, organisations):
        # XLSX keeps text as text: no apostrophe in front (that is for CSV); a cell that would
        # read as a formula is stored as a plain string instead.
        sheet.append([cell_text(cell) for cell in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
