"""Numbers, dates, times and durations as a reader of the current locale writes them.

One place for every value shown to people (pages, PDF, messages, spreadsheets): thin wrappers
over Flask-Babel, so Danish reads "0,62", "62 %", "1. marts 2027", "1. marts 2027 kl. 14.30"
and English "0.62", "62%", "March 1, 2027", "March 1, 2027 at 2:30 PM". Stored times are naive
UTC; they are shown in ``BABEL_DEFAULT_TIMEZONE`` (Europe/Copenhagen). Dates (``datetime.date``)
are calendar days and never shifted. Every function returns "–" for ``None``, so a missing
value reads as missing rather than "None" or "nan".

The Jinja filters (registered by :func:`register`): ``number``, ``percent``, ``date``,
``datetime``, ``time``, ``duration``; ``localtime`` is kept as an alias of ``datetime``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from numbers import Real

from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    format_time,
    format_timedelta,
    get_locale,
)
from flask_babel import gettext as _

MISSING = "–"


def _missing(value) -> bool:
    if value is None:
        return True
    return isinstance(value, float) and math.isnan(value)


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def number(value: Real | None, digits: int | None = 2) -> str:
    """``value`` with exactly ``digits`` decimals in the reader's locale ("0,62" / "0.62").

    ``digits=None`` shows as many decimals as needed, at most three, ungrouped, so the text
    can be typed back into a number field ("2", "0,35", "1000"). Otherwise thousands
    are grouped ("1.234,50" in Danish); ``None``/NaN give "–"."""
    if _missing(value):
        return MISSING
    pattern = "0.###" if digits is None else _pattern(max(0, int(digits)))
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):  # 0.6125 -> 0.613, as people round
        return format_decimal(value, format=pattern)


def measure(value: Real | None) -> str:
    """A measured value as people read it: thousands grouped, as many decimals as needed, at
    most three ("1.250,5" / "1,250.5"); ``None``/NaN give "–"."""
    if _missing(value):
        return MISSING
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        return format_decimal(value, format="#,##0.###")


def percent(value: Real | None, digits: int = 0) -> str:
    """A share (0.62) as a percentage in the reader's locale ("62 %" / "62%")."""
    if _missing(value):
        return MISSING
    base = _pattern(max(0, int(digits)))
    pattern = base + "\u00a0%" if str(get_locale() or "da").startswith("da") else base + "%"
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        return format_percent(value, format=pattern)


def date(value: dt.date | dt.datetime | None, fmt: str = "long") -> str:
    """A calendar day ("1. marts 2027" / "March 1, 2027"); a datetime is shown in local time."""
    if value is None:
        return MISSING
    return format_date(value, fmt)  # a datetime is shifted into the zone


def time(value: dt.datetime | dt.time | None) -> str:
    """A clock time in local time ("14.30" / "2:30 PM")."""
    if value is None:
        return MISSING
    return format_time(value, "short")


def datetime(value: dt.datetime | None, fmt: str = "long") -> str:
    """A moment in local time: "1. marts 2027 kl. 14.30" / "March 1, 2027 at 2:30 PM".

    ``fmt="short"`` gives the compact form for narrow tables ("01.03.2027 14.30")."""
    if value is None:
        return MISSING
    if fmt == "short":
        return format_datetime(value, "short")
    return _("%(date)s at %(time)s", date=format_date(value, fmt), time=time(value))


def duration(value: dt.timedelta | Real | None, granularity: str = "minute") -> str:
    """A length of time in words ("3 timer" / "3 hours"); numbers are seconds."""
    if _missing(value):
        return MISSING
    if not isinstance(value, dt.timedelta):
        value = dt.timedelta(seconds=float(value))
    return format_timedelta(value, granularity=granularity, threshold=1.0)


def kroner(amount: Real | None) -> str:
    """An amount in whole DKK: "1.250.000 kr." / "1,250,000 kr."; None shows "0 kr."."""
    return _("%(amount)s kr.", amount=format_decimal(amount or 0, format="#,##0"))


def register(app) -> None:
    """Make the formatters Jinja filters of ``app``."""
    app.jinja_env.filters.update(
        number=number, percent=percent, date=date, datetime=datetime, time=time,
        duration=duration, localtime=datetime, kroner=kroner, measure=measure,
    )
