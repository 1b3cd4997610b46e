"""Open data: the public entries as CSV or JSON with a documented schema (docs/bank-open-data.md).

Only entries whose event is public and whose team consented are exported; the rows are read in
one statement, so consent withdrawn while an export runs is either wholly in or wholly out of
that snapshot, and every later export leaves the entry out. Authors appear only when the team
chose to be named. Contact details never appear.
"""

from __future__ import annotations

import csv
import io
import json

from flask import Response, abort, current_app, url_for
from sqlalchemy import select

from hackathon.bank.search import organisation_names
from hackathon.extensions import db
from hackathon.models import BankEntry
from hackathon.models.bank import POLICY_PUBLIC

SCHEMA_VERSION = 1
FIELDS = ("id", "url", "title", "summary", "target_group", "problem", "idea", "trial_action",
          "value", "outcome", "rationale", "stage", "status", "learned", "authors", "event",
          "year", "organisations", "sectors", "themes", "updated_at")


def public_rows() -> list[dict]:
    """Every public entry as a plain dict of FIELDS (lists for organisations/sectors/themes)."""
    entries = db.session.scalars(
        select(BankEntry).where(BankEntry.visibility == POLICY_PUBLIC).order_by(BankEntry.id)
    ).all()
    names = organisation_names({o for e in entries for o in BankEntry.split(e.f_orgs)})
    rows = []
    for e in entries:
        rows.append({
            "id": e.public_id,
            "url": url_for("bank.entry", proposal_id=e.proposal_id, _external=True),
            "title": e.title, "summary": e.summary, "target_group": e.target_group,
            "problem": e.problem, "idea": e.idea, "trial_action": e.trial_action,
            "value": e.value, "outcome": e.outcome or "", "rationale": e.rationale,
            "stage": e.stage or "", "status": e.status or "", "learned": e.learned,
            "authors": e.authors, "event": e.event_title, "year": e.year,
            "organisations": [names[o][0] for o in BankEntry.split(e.f_orgs) if o in names],
            "sectors": BankEntry.split(e.f_sectors), "themes": BankEntry.split(e.f_themes),
            "updated_at": e.updated_at.isoformat() + "Z",
        })
    return rows


def download(fmt: str):
    """GET /bank/open-data.json or .csv (anyone; public entries only)."""
    if fmt not in ("json", "csv"):
        abort(404)
    rows = public_rows()
    licence = current_app.config.get("BANK_LICENCE", "CC-BY-4.0")
    if fmt == "json":
        body = json.dumps({"schema_version": SCHEMA_VERSION, "licence": licence,
                           "fields": list(FIELDS), "entries": rows}, ensure_ascii=False)
        return Response(body, mimetype="application/json")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("; ".join(v) if isinstance(v, list) else
                             _safe_cell(v)) for k, v in row.items()})
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=videnbank.csv",
        "X-Licence": licence,
    })


def _safe_cell(value):
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
