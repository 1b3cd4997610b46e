"""The follow-up report: per prototype and for the whole portfolio, as a printable page and
as PDF (rendered by ``hackathon.report.pdf.render_pdf``, the decision report's WeasyPrint
setup). This module gathers the data; templates/followup/report*.html lay it out."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from flask import current_app, render_template

from hackathon.enums import DiaStage, LearningTheme, PrototypeStatus, TrialActionStatus
from hackathon.followup import board as board_queries
from hackathon.followup.chart import indicator_svg, measurement_rows
from hackathon.models import Prototype, utcnow


def change_text(change) -> tuple[str, str, str]:
    """(kind, old, new) of a recorded change with translated stage/status names."""
    from hackathon.labels import label

    def name(value: str) -> str:
        for enum_cls in (DiaStage, PrototypeStatus):
            try:
                return label(enum_cls(value))
            except ValueError:
                continue
        return value

    return change.kind, name(change.old) if change.old else "", name(change.new)


def business_case(prototype: Prototype) -> dict:
    """Lines by year with totals: {"years": [(year, [line, ...], cost, saving, net)],
    "cost", "saving", "net"} in whole DKK (net = saving - cost)."""
    years: OrderedDict[int, list] = OrderedDict()
    for line in sorted(prototype.business_lines, key=lambda x: (x.year, x.id)):
        years.setdefault(line.year, []).append(line)
    table = []
    for year, lines in years.items():
        cost = sum(x.cost for x in lines)
        saving = sum(x.saving for x in lines)
        table.append((year, lines, cost, saving, saving - cost))
    cost = sum(row[2] for row in table)
    saving = sum(row[3] for row in table)
    return {"years": table, "cost": cost, "saving": saving, "net": saving - cost}


def funding(prototype: Prototype) -> dict:
    """{"secured": [...], "missing": [...], "secured_total", "gap"} in whole DKK."""
    secured = [f for f in prototype.funding_items if f.secured]
    missing = [f for f in prototype.funding_items if not f.secured]
    return {
        "secured": secured,
        "missing": missing,
        "secured_total": sum(f.amount for f in secured),
        "gap": prototype.funding_gap,
    }


def notes_by_theme(prototype: Prototype) -> list[tuple[str | None, list]]:
    """Learning notes grouped by theme, in the themes' order; notes without a theme last
    (a note with two themes is listed under both)."""
    groups: list[tuple[str | None, list]] = []
    for theme in LearningTheme:
        notes = [n for n in prototype.notes if theme.value in (n.themes or [])]
        if notes:
            groups.append((theme, notes))
    known = {t.value for t in LearningTheme}
    rest = [n for n in prototype.notes if not set(n.themes or []) & known]
    if rest:
        groups.append((None, rest))
    return groups


def prototype_report(prototype: Prototype, now: datetime | None = None) -> dict:
    """Everything the report of one prototype shows."""
    now = now or utcnow()
    decision = prototype.decision
    event = prototype.event
    return {
        "prototype": prototype,
        "card": board_queries.card(prototype, now),
        "decision": decision,
        "decision_date": event.decision_published_at or (decision.updated_at if decision else None),
        "changes": [(c, *change_text(c)) for c in prototype.changes],
        "trial_actions": prototype.trial_actions,
        "done_actions": sum(1 for t in prototype.trial_actions
                            if t.status == TrialActionStatus.DONE),
        "citizens": sum(t.citizen_count or 0 for t in prototype.trial_actions
                        if t.status == TrialActionStatus.DONE),
        "indicators": [
            {"indicator": i, "svg": indicator_svg(i), "rows": measurement_rows(i)}
            for i in prototype.indicators
        ],
        "milestones": prototype.milestones,
        "business_case": business_case(prototype),
        "funding": funding(prototype),
        "notes": notes_by_theme(prototype),
        "updates": list(reversed(prototype.updates))[:5],
    }


def portfolio_report(person, filters, now: datetime | None = None, everything: bool = False
                     ) -> dict:
    """The portfolio report: the board's summary and one section per prototype (of what
    ``person`` may see; all with ``everything``, for the command line)."""
    now = now or utcnow()
    summary = board_queries.board(person, filters, now, everything)
    return {
        "board": summary,
        "reports": [prototype_report(c["prototype"], now) for c in summary["cards"]],
        "made_at": now,
    }


def render_prototype_pdf(prototype: Prototype) -> bytes:
    """The PDF of one prototype's report (raises what WeasyPrint raises)."""
    from hackathon.report.pdf import render_pdf

    html = render_template("followup/report_pdf.html", reports=[prototype_report(prototype)],
                           portfolio=None, title=prototype.title)
    return render_pdf(current_app._get_current_object(), html)


def render_portfolio_pdf(person, filters, title: str, everything: bool = False) -> bytes:
    """The PDF of the portfolio report (raises what WeasyPrint raises)."""
    from hackathon.report.pdf import render_pdf

    data = portfolio_report(person, filters, everything=everything)
    html = render_template("followup/report_pdf.html", reports=data["reports"],
                           portfolio=data, title=title)
    return render_pdf(current_app._get_current_object(), html)
