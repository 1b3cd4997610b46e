"""The indicator chart: inline SVG with title, description, Danish numbers and dates, no
``style`` attributes, and an empty state."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from flask_babel import force_locale

from hackathon.followup.chart import indicator_svg, measurement_rows, nice_ticks


def _indicator(values, baseline=94.0, target=30.0, unit="dage"):
    return SimpleNamespace(
        id=7, name="Dage til behandling", unit=unit, baseline=baseline, target=target,
        measurements=[SimpleNamespace(measured_on=d, value=v, note="") for d, v in values],
    )


def test_ticks_are_round_and_cover_the_range():
    assert nice_ticks(30, 94) == [20, 40, 60, 80, 100]
    assert nice_ticks(0.2, 1.1) == [0.0, 0.25, 0.5, 0.75, 1.0, 1.25]
    assert nice_ticks(5, 5) == [5]
    ticks = nice_ticks(-3, 12)
    assert ticks[0] <= -3 and ticks[-1] >= 12


def test_chart_has_title_description_and_points_in_danish(app):
    indicator = _indicator([(date(2027, 1, 10), 81.0), (date(2027, 3, 1), 44.5),
                            (date(2027, 5, 2), 47.0)])
    with app.test_request_context(), force_locale("da"):
        svg = str(indicator_svg(indicator))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="ind7-t ind7-d"' in svg
    assert "<title id=\"ind7-t\">" in svg and "<desc id=\"ind7-d\">" in svg
    assert "44,5" in svg  # decimal comma
    assert "10.01.2027" in svg  # Danish short date
    assert svg.count("<circle") == 3
    assert 'class="chart__baseline"' in svg and 'class="chart__target"' in svg
    assert "style=" not in svg
    # The points lie inside the drawing area.
    for x, y in re.findall(r'cx="([\d.]+)" cy="([\d.]+)"', svg):
        assert 0 <= float(x) <= 640 and 0 <= float(y) <= 280


def test_chart_escapes_names(app):
    indicator = _indicator([(date(2027, 1, 10), 1.0)])
    indicator.name = "<script>alert(1)</script>"
    with app.test_request_context():
        svg = str(indicator_svg(indicator))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_chart_without_measurements_says_so(app):
    with app.test_request_context(), force_locale("da"):
        svg = str(indicator_svg(_indicator([])))
    assert "<polyline" not in svg
    assert "Ingen målinger endnu." in svg


def test_one_measurement_and_no_baseline_still_draws(app):
    with app.test_request_context():
        svg = str(indicator_svg(_indicator([(date(2027, 1, 1), 3.0)], baseline=None,
                                           target=None)))
    assert svg.count("<circle") == 1 and "chart__baseline" not in svg


def test_table_rows_match_the_chart():
    indicator = _indicator([(date(2027, 1, 10), 81.0), (date(2027, 3, 1), 44.5)])
    rows = measurement_rows(indicator)
    assert [(r["date"], r["value"], r["vs_baseline"]) for r in rows] == [
        (date(2027, 1, 10), 81.0, -13.0), (date(2027, 3, 1), 44.5, -49.5)]
