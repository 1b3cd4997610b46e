"""The facilitators' view of the audit log (read only: there is no route that changes it)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hackathon.audit.describe import action_name, describe
from hackathon.audit.services import ACTIONS
from hackathon.extensions import db
from hackathon.models import AuditEntry, Event
from hackathon.parsing import parse_int
from hackathon.results.permissions import can_see_audit_log, can_see_results
from hackathon.review.queries import scoring_model

bp = Blueprint("audit", __name__, url_prefix="/events/<int:event_id>/audit")

PAGE_SIZE = 100
PAGE_MAX = 1_000_000  # far beyond any real log; keeps the offset a small number


@bp.get("")
@login_required
def log(event_id: int):
    """Every change of phase, score, decision and weighting, newest first, with who and when."""
    event = db.get_or_404(Event, event_id)
    if not can_see_audit_log(current_user, event):
        abort(403)
    action = request.args.get("action", "")
    page = parse_int(request.args.get("page"), minimum=1, maximum=PAGE_MAX, default=1)
    query = select(AuditEntry).where(AuditEntry.event_id == event.id)
    if action in ACTIONS:
        query = query.where(AuditEntry.action == action)
    else:
        action = ""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    entries = db.session.scalars(
        query.options(selectinload(AuditEntry.actor), selectinload(AuditEntry.proposal))
        .order_by(AuditEntry.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    model, lang = scoring_model(event), str(get_locale())

    def criterion(key: str) -> str:
        """A criterion's name in the reader's language (the key if the model lacks it)."""
        return model.criterion(key).label(lang) if model and key in model.criterion_keys else key

    # While the round is blind, the log names which scores changed but not their values.
    show_scores = can_see_results(current_user, event)
    return render_template(
        "audit/log.html",
        lines={
            e.id: describe(e.action, e.details, criterion=criterion, show_scores=show_scores)
            for e in entries
        },
        action_name=action_name,
        event=event,
        entries=entries,
        action=action,
        actions=ACTIONS,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
    )
