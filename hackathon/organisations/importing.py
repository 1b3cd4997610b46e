"""Reading a list of organisations from a CSV or XLSX file: columns name and sector.

CSV is read as Danish Excel writes it: UTF-8 (with or without BOM) or Windows-1252, comma- or
semicolon-separated (the same detection as score files, ``hackathon.scoring.scorefile``). The
first row is a header when it names the columns (name/navn, sector/sektor); otherwise the first
column is the name and the second the sector. Sectors are accepted in Danish or English.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from hackathon import labels
from hackathon.enums import Sector
from hackathon.parsing import clean_text
from hackathon.scoring.scorefile import ScoreFileError, decode_score_bytes

MAX_BYTES = 400_000  # 400 kB: 2,000 rows of 200 characters
MAX_ROWS = 2000
NAME_MAX = 200

# Sector names as people write them (lower case), Danish first.
SECTOR_NAMES = {
    "kommune": Sector.MUNICIPALITY,
    "kommunal": Sector.MUNICIPALITY,
    "region": Sector.REGION,
    "hospital": Sector.HOSPITAL,
    "sygehus": Sector.HOSPITAL,
    "almen praksis": Sector.GENERAL_PRACTICE,
    "praktiserende læge": Sector.GENERAL_PRACTICE,
    "vidensinstitution": Sector.KNOWLEDGE_INSTITUTION,
    "uddannelsesinstitution": Sector.KNOWLEDGE_INSTITUTION,
    "civilsamfund": Sector.CIVIL_SOCIETY,
    "forening": Sector.CIVIL_SOCIETY,
    "virksomhed": Sector.COMPANY,
    "privat virksomhed": Sector.COMPANY,
    "andet": Sector.OTHER,
    "municipality": Sector.MUNICIPALITY,
    "general practice": Sector.GENERAL_PRACTICE,
    "knowledge institution": Sector.KNOWLEDGE_INSTITUTION,
    "civil society": Sector.CIVIL_SOCIETY,
    "company": Sector.COMPANY,
    "other": Sector.OTHER,
    **{s.value: s for s in Sector},
}
NAME_HEADERS = {"name", "navn", "organisation", "organization"}
SECTOR_HEADERS = {"sector", "sektor"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; ``message`` is meant for the person."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class ImportRow:
    """One row of the file: its line (1-based), what it says, and what is wrong with it."""

    line: int
    name: str
    sector_text: str
    sector: Sector | None = None
    error: str = ""


def parse_sector(text: str) -> Sector | None:
    """The sector ``text`` names (Danish or English, any case), or None."""
    key = " ".join(text.split()).casefold()
    if key in SECTOR_NAMES:
        return SECTOR_NAMES[key]
    for sector in Sector:  # the labels in the person's language too
        if str(labels.label(sector)).casefold() == key:
            return sector
    return None


def read_file(filename: str, raw: bytes) -> list[ImportRow]:
    """The rows of an uploaded CSV or XLSX file, each checked; raises ImportFileError when the
    file is too large, has too many rows, or cannot be read at all."""
    if len(raw) > MAX_BYTES:
        raise ImportFileError(_l("The file is larger than %(kb)d kB.", kb=MAX_BYTES // 1000))
    if not raw.strip():
        raise ImportFileError(_l("The file is empty."))
    if filename.lower().endswith(".xlsx") or raw[:2] == b"PK":
        table = _xlsx_rows(raw)
    else:
        table = _csv_rows(raw, filename)
    return check_rows(table)


def _csv_rows(raw: bytes, filename: str) -> list[tuple[int, list[str]]]:
    try:
        text, _encoding = decode_score_bytes(raw, filename)
    except ScoreFileError as error:
        raise ImportFileError(
            _l("Line %(line)s: the file is neither UTF-8 nor Windows-1252 text.",
               line=error.line)
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        message = _l("Line %(line)s could not be read.", line=reader.line_num)
        raise ImportFileError(message) from error
    return rows


def _xlsx_rows(raw: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # only when a workbook is imported

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_l("The file is not a readable Excel workbook (.xlsx).")) from error
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(max_col=2, values_only=True), start=1):
            rows.append((number, ["" if v is None else str(v) for v in values]))
            if len(rows) > MAX_ROWS + 1:
                break
    finally:
        book.close()
    return rows


def check_rows(table: list[tuple[int, list[str]]]) -> list[ImportRow]:
    """Check (line, cells) rows: a header is skipped, blank rows ignored, a name repeated in the
    file is an error; raises ImportFileError over MAX_ROWS rows or when no row is left."""
    name_col, sector_col = 0, 1
    if table:
        header = [" ".join(c.split()).casefold() for c in table[0][1]]
        if NAME_HEADERS & set(header):
            name_col = next(i for i, h in enumerate(header) if h in NAME_HEADERS)
            sector_col = next((i for i, h in enumerate(header) if h in SECTOR_HEADERS), 1)
            table = table[1:]
    table = [(line, cells) for line, cells in table if any(c.strip() for c in cells)]
    if len(table) > MAX_ROWS:
        raise ImportFileError(_l("The file has more than %(n)d rows.", n=MAX_ROWS))
    if not table:
        raise ImportFileError(_l("The file has no organisations."))
    rows, seen = [], set()
    for line, cells in table:
        name = " ".join(clean_text(cells[name_col] if len(cells) > name_col else "").split())
        sector_text = clean_text(cells[sector_col] if len(cells) > sector_col else "").strip()
        row = ImportRow(line=line, name=name, sector_text=sector_text[:60],
                        sector=parse_sector(sector_text))
        if not name:
            row.error = str(_l("The name is missing."))
        elif len(name) > NAME_MAX:
            row.error = str(_l("The name is longer than %(n)d characters.", n=NAME_MAX))
        elif name.casefold() in seen:
            row.error = str(_l("The name appears twice in the file."))
        elif row.sector is None:
            row.error = str(_l("Unknown sector “%(text)s”: use e.g. Kommune, Region, Hospital, "
                               "Almen praksis, Vidensinstitution, Civilsamfund, Virksomhed or "
                               "Andet.", text=sector_text))
        seen.add(name.casefold())
        rows.append(row)
    return rows
