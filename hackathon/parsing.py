"""One strict parsing layer for what arrives from outside: ids, numbers, dates and text.

Every value a person (or a careless or hostile client) can send passes through here before it
reaches a query or a stored row. Malformed input becomes ``None`` or a :class:`ParseError`
with a translated message, which the views turn into a 400/422; it never reaches the database
as something it cannot hold (an id above 2^63, a NUL, a lone surrogate) and never makes a 500.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import Request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, ValidationError

# The largest id any of our databases stores (BIGINT, and SQLite's INTEGER).
ID_MAX = 2**63 - 1
# Pages and other counters a person can type: far above anything real, far below overflow.
COUNT_MAX = 2**31 - 1
# Numbers a person types are short; a million digits only costs the server time.
NUMBER_TEXT_MAX = 40
# JSON a browser sends us is shallow; deeper nesting is refused before it can recurse.
JSON_DEPTH_MAX = 32

# Characters that no storage or export format accepts: NUL and the other C0 controls except
# tab, line feed and carriage return (XML 1.0 forbids them, openpyxl refuses them, PostgreSQL
# refuses NUL), lone surrogates (not encodable as UTF-8), and U+FFFE/U+FFFF (not characters).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


class ParseError(ValueError):
    """A value that could not be read; ``message`` is meant for the person."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = str(message)


def clean_text(value: str) -> str:
    """``value`` normalised to NFC, without characters no storage or export format accepts.

    A vertical tab pasted from Word, a NUL or a lone surrogate from a broken client are removed
    (they carry no meaning a reader could see); everything else is kept as typed.
    """
    if not value:
        return value
    value = _UNSTORABLE.sub("", value)
    return unicodedata.normalize("NFC", value)


def text_or_none(value: object) -> str | None:
    """``value`` cleaned when it is a string, else None."""
    return clean_text(value) if isinstance(value, str) else None


def cell_text(value: object) -> object:
    """A value an export writer (CSV, XLSX, XML) can always write: strings are cleaned."""
    return clean_text(value) if isinstance(value, str) else value


def parse_id(value: object) -> int | None:
    """A database id (1 .. 2^63-1) from a string of ASCII digits or an int, else None.

    ``"²"`` passes ``str.isdigit()`` but not ``int()``; only ASCII digits are accepted here.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        value = value.strip()
        if not _ASCII_DIGITS.fullmatch(value) or len(value) > 19:
            return None
        number = int(value)
    else:
        return None
    return number if 1 <= number <= ID_MAX else None


def parse_int(
    value: object, *, minimum: int = 0, maximum: int = COUNT_MAX, default: int | None = None
) -> int | None:
    """A whole number within [minimum, maximum] from ASCII digits (or an int), else ``default``."""
    if isinstance(value, bool):
        return default
    if isinstance(value, str):
        text = value.strip()
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("+-")
        if not _ASCII_DIGITS.fullmatch(text) or len(text) > NUMBER_TEXT_MAX:
            return default
        value = sign * int(text)
    if not isinstance(value, int):
        return default
    return value if minimum <= value <= maximum else default


def parse_number(value: object) -> float:
    """A finite decimal number typed by a person: "0,5" as well as "0.5"; raises ParseError."""
    if isinstance(value, bool):
        raise ParseError(_l("Write a number, e.g. 0.5 or 2."))
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if len(text) > NUMBER_TEXT_MAX or not _DECIMAL.fullmatch(text):
            raise ParseError(_l("Write a number, e.g. 0.5 or 2."))
        try:
            number = float(Decimal(text.replace(",", ".")))
        except (InvalidOperation, ValueError) as error:
            raise ParseError(_l("Write a number, e.g. 0.5 or 2.")) from error
    else:
        raise ParseError(_l("Write a number, e.g. 0.5 or 2."))
    if number != number or number in (float("inf"), float("-inf")):
        raise ParseError(_l("Write a number, e.g. 0.5 or 2."))
    return number


def parse_date(value: object) -> date | None:
    """An ISO date (YYYY-MM-DD) as typed in a date field, or None for an empty value;
    raises ParseError when it cannot be read."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 10:
        raise ParseError(_l("Write the date as day, month and year."))
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ParseError(_l("Write the date as day, month and year.")) from error


def json_depth_ok(text: str | bytes, limit: int = JSON_DEPTH_MAX) -> bool:
    """Whether the JSON text nests no deeper than ``limit`` (checked without parsing)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if text.count("[") + text.count("{") <= limit:
        return True  # the common case, decided without a loop
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return False
        elif char in "]}":
            depth -= 1
    return True


def clean_json(value):
    """Every string (keys too) in parsed JSON cleaned with :func:`clean_text`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): clean_json(item) for key, item in value.items()}
    return value


def loads_json(text: str | bytes, **kwargs):
    """``json.loads`` for what clients send: deep nesting is a ValueError (not a
    RecursionError), and every string comes out cleaned."""
    if not json_depth_ok(text):
        raise ValueError("JSON nested too deeply")
    try:
        return clean_json(json.loads(text, **kwargs))
    except RecursionError as error:  # pragma: no cover - the depth check comes first
        raise ValueError("JSON nested too deeply") from error


class CleanMultiDict(ImmutableMultiDict):
    """Query and form values as typed, but cleaned (NFC, no unstorable characters)."""

    def __init__(self, mapping=None) -> None:
        if mapping is None:
            super().__init__()
            return
        pairs = MultiDict(mapping).items(multi=True)
        super().__init__(
            [(clean_text(key), clean_text(value) if isinstance(value, str) else value)
             for key, value in pairs]
        )


class CleanRequest(Request):
    """The app's request: every query and form value passes :func:`clean_text` at the door."""

    parameter_storage_class = CleanMultiDict


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: ids above 2^63-1 do not match (404), never overflow."""

    def to_python(self, value: str) -> int:
        """The id, or no match when it is out of range."""
        number = super().to_python(value)
        if number > ID_MAX:
            raise ValidationError()
        return number
