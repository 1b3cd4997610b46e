"""Proposal pages: reading, editing with autosave, submit, withdraw, reopen. Teams, history and
the facilitators' list live in team_views.py, history_views.py and list_views.py."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from hackathon import formatting, labels
from hackathon.auth.forms import ConfirmForm
from hackathon.core.errors import fail
from hackathon.enums import EvidenceKind
from hackathon.events.services import local_to_utc
from hackathon.extensions import db
from hackathon.forms_common import organisation_choices
from hackathon.models import Decision, Proposal
from hackathon.organisations import queries as org_queries
from hackathon.parsing import ID_MAX, parse_int
from hackathon.proposals import (
    decided,
    history_views,
    list_views,
    permissions,
    queries,
    services,
    team_views,
)
from hackathon.proposals.access import closed_message, me, proposal_or_404
from hackathon.proposals.fields import BY_NAME, fields_by_section
from hackathon.proposals.forms import ReopenForm
from hackathon.proposals.values import (
    clean_values,
    display,
    join_missing,
    missing_for_submission,
    parse_organisations,
    read_values,
)
from hackathon.review import services as review_services

bp = Blueprint("proposals", __name__)

# Routes kept in modules of their own (same endpoint names: "proposals.start", ...).
bp.add_url_rule("/events/<int:event_id>/proposals/new", view_func=team_views.start,
                methods=["POST"])
bp.add_url_rule("/events/<int:event_id>/proposals/join", view_func=team_views.join_team,
                methods=["GET", "POST"])
bp.add_url_rule("/proposals/<int:proposal_id>/leave", view_func=team_views.leave,
                methods=["POST"])
bp.add_url_rule("/proposals/<int:proposal_id>/history", view_func=history_views.history,
                methods=["GET"])
bp.add_url_rule("/proposals/<int:proposal_id>/revisions/<int:revision_id>/restore",
                view_func=history_views.restore, methods=["POST"])
bp.add_url_rule("/events/<int:event_id>/proposals", view_func=list_views.event_list,
                methods=["GET"])
bp.add_url_rule("/events/<int:event_id>/proposals/export.<fmt>", view_func=list_views.export,
                methods=["GET"])

EXTRA_ORGANISATION_ROWS = 3
SAVE_ID_MAX = 64


# --- reading and editing ------------------------------------------------------------------


def _page_context(proposal: Proposal, values: dict[str, str], errors=None, conflicts=None):
    organisations = queries.organisation_names()
    rows = parse_organisations(values["organisations"])
    return {
        "proposal": proposal,
        "event": proposal.event,
        "values": values,
        "errors": errors or {},
        "conflicts": conflicts or {},
        "sections": fields_by_section(),
        "organisation_rows": rows,
        "extra_rows": EXTRA_ORGANISATION_ROWS,
        "organisation_options": organisation_choices(
            proposal.event, current_user, keep=_stored_organisations(proposal)),
        "evidence_options": labels.choices(EvidenceKind),
        "organisations": organisations,
        "display": lambda name: display(name, values[name], organisations),
        "missing": missing_for_submission(values),
        "can_edit": permissions.can_edit_proposal(current_user, proposal),
        "can_change_status": permissions.can_change_status(current_user, proposal),
        "is_author": permissions.is_author(current_user, proposal),
        "is_facilitator": permissions.can_manage_proposals(current_user, proposal.event),
        "confirm_form": ConfirmForm(),
        "reopen_form": ReopenForm(),
        "team_link": url_for(
            "proposals.join_team", event_id=proposal.event_id, code=proposal.team_code,
            _external=True,
        ),
    }


@bp.get("/proposals/<int:proposal_id>")
@login_required
def show(proposal_id: int):
    """The proposal read-only: for authors after the deadline, and for facilitators."""
    proposal = proposal_or_404(proposal_id)
    if not permissions.can_view_proposal(current_user, proposal):
        abort(403)
    return render_template(
        "proposals/show.html",
        team_feedback=_team_feedback(proposal),
        outcome=_published_outcome(proposal),
        **_page_context(proposal, read_values(proposal)),
    )


def _published_outcome(proposal: Proposal):
    """The decision on the proposal, once the event's decision is published."""
    if proposal.event.decision_published_at is None:
        return None
    return db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))


def _team_feedback(proposal: Proposal) -> list[str] | None:
    """The reviewers' comments to the team, without names, once the facilitator releases them."""
    from hackathon.review import queries as review_queries

    review_round = review_queries.round_of(proposal.event)
    if review_round is None or not review_round.feedback_released:
        return None
    return review_queries.team_comments(proposal)


def _stored_organisations(proposal: Proposal) -> set[int]:
    """The organisations the proposal names now (offered even if they left the event's list)."""
    ids = {proposal.problem_owner_id, *(link.organisation_id for link in proposal.organisations)}
    return {i for i in ids if i}


def _refuse_unoffered(proposal: Proposal, clean: dict[str, str], errors: dict[str, str]) -> None:
    """Refuse organisations this event does not offer the author (moves them to ``errors``)."""
    if not clean.get("problem_owner_id") and "organisations" not in clean:
        return  # most saves are text only: no query
    offered = {str(i) for i in org_queries.offered_ids(
        proposal.event, current_user, keep=_stored_organisations(proposal))}
    message = _("Choose an organisation from the event's list, or propose a new one.")
    if clean.get("problem_owner_id") and clean["problem_owner_id"] not in offered:
        del clean["problem_owner_id"]
        errors["problem_owner_id"] = message
    if "organisations" in clean:
        rows = parse_organisations(clean["organisations"])
        if any(str(row["organisation_id"]) not in offered for row in rows):
            del clean["organisations"]
            errors["organisations"] = message


def _values_from_form(form) -> dict[str, str]:
    """The field values a plain (no-JavaScript) form post carries."""
    values = {name: form[name] for name in BY_NAME if name in form and name != "organisations"}
    if "org_rows" in form:
        rows = []
        count = parse_int(form.get("org_rows"), maximum=60, default=0)
        for i in range(count):
            org_id = form.get(f"org_{i}", "")
            if org_id:
                rows.append(
                    {
                        "organisation_id": org_id,
                        "process_owner": bool(form.get(f"owner_{i}")),
                        "contact": form.get(f"contact_{i}", ""),
                    }
                )
        values["organisations"] = json.dumps(rows, ensure_ascii=False)
    return values


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    """The proposal form; autosaves with JavaScript, saves with the button without it."""
    proposal = proposal_or_404(proposal_id)
    if not permissions.is_author(current_user, proposal):
        if request.method == "GET" and permissions.can_view_proposal(current_user, proposal):
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
        abort(403)
    if not permissions.can_edit_proposal(current_user, proposal):
        if request.method == "POST":
            fail(409, closed_message(proposal))
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    if request.method == "GET":
        return render_template(
            "proposals/edit.html", **_page_context(proposal, read_values(proposal))
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    raw = _values_from_form(request.form)
    clean, errors = clean_values(raw)
    _refuse_unoffered(proposal, clean, errors)
    base_version = parse_int(request.form.get("version"), maximum=ID_MAX)
    if base_version is None:
        abort(400)
    try:
        result = services.save_fields(
            proposal=proposal, author=me(), base_version=base_version, values=clean
        )
    except services.ProposalError:
        abort(400)
    errors.update(result.refused)
    db.session.commit()
    if errors or result.conflicts:
        shown = read_values(proposal)
        # Keep every character the author typed on the page (a list of organisations that
        # could not be read at all is shown as stored, with its error).
        shown.update({k: v for k, v in raw.items() if k != "organisations" or k not in errors})
        if result.conflicts:
            flash(_("Someone else changed the same fields meanwhile. Both texts are shown: "
                    "combine them and save again."), "warning")
        return render_template(
            "proposals/edit.html",
            **_page_context(proposal, shown, errors, result.conflicts),
        ), 409 if result.conflicts else 422
    if result.back_to_draft:
        flash(_("Saved. The proposal is a draft again because required fields are empty."),
              "warning")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for("proposals.edit", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/autosave")
@login_required
def autosave(proposal_id: int):
    """JSON autosave: {version, values, save_id} -> saved, conflict, or a clear refusal."""
    # The lock first, so the proposal is read once, already up to date (the hottest route:
    # every author's browser calls it every few seconds).
    services.lock_proposal_row(proposal_id)
    proposal = queries.proposal_for_saving(proposal_id)
    if proposal is None:
        abort(404)
    if not permissions.is_author(current_user, proposal):
        return jsonify(status="forbidden", message=_("You are not on this proposal's team.")), 403
    if not permissions.can_edit_proposal(current_user, proposal):
        return jsonify(status="closed", message=closed_message(proposal)), 409
    payload = request.get_json(silent=True)
    version = payload.get("version") if isinstance(payload, dict) else None
    version = parse_int(version, maximum=ID_MAX) if isinstance(version, int) else None
    if version is None or not isinstance(payload.get("values"), dict):
        return jsonify(status="invalid", message=_("The save could not be read.")), 400
    save_id = payload.get("save_id")
    if save_id is not None and (not isinstance(save_id, str) or len(save_id) > SAVE_ID_MAX):
        return jsonify(status="invalid", message=_("The save could not be read.")), 400
    clean, errors = clean_values(payload["values"])
    _refuse_unoffered(proposal, clean, errors)
    try:
        result = services.save_fields(
            proposal=proposal, author=me(), base_version=version, values=clean,
            save_id=save_id, locked=True,
        )
    except services.ProposalError:
        return jsonify(status="invalid", message=_("The save could not be read.")), 400
    errors.update(result.refused)
    # The answer is built before the commit, which would expire the proposal and reload it.
    body = {
        "status": "conflict" if result.conflicts else "saved",
        "version": result.version,
        "saved_at": format_time(result.saved_at, "short"),
        "applied": result.applied,
        "errors": errors,
        "conflicts": {
            name: conflict | {"label": str(BY_NAME[name].label)}
            for name, conflict in result.conflicts.items()
        },
        "proposal_status": proposal.status.value,
        "proposal_status_label": labels.label(proposal.status),
        # The submission checklist on the page follows every save.
        "missing": [{"name": name, "message": message}
                    for name, message in missing_for_submission(read_values(proposal))],
    }
    db.session.commit()
    return jsonify(body), 409 if result.conflicts else 200


# --- status -------------------------------------------------------------------------------


@bp.post("/proposals/<int:proposal_id>/submit")
@login_required
def submit(proposal_id: int):
    """Submit for qualification; names exactly the missing fields when incomplete."""
    proposal = proposal_or_404(proposal_id)
    _require_status_change(proposal)
    try:
        services.submit(proposal=proposal, author=me())
        review_services.assign_late_proposal(proposal=proposal)  # submitted during the round
    except services.ProposalError as error:
        names = join_missing(error.detail)
        flash(_("The proposal cannot be submitted yet. Missing: %(fields)s.", fields=names),
              "error")
        return redirect(url_for("proposals.edit", proposal_id=proposal.id, _anchor="submit"))
    db.session.commit()
    flash(_("Submitted. The proposal takes part in the qualification round. You can still "
            "change it until the deadline."), "success")
    return redirect(url_for("proposals.edit", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id: int):
    """Withdraw the proposal from the qualification round."""
    proposal = proposal_or_404(proposal_id)
    _require_status_change(proposal)
    services.withdraw(proposal=proposal, author=me())
    db.session.commit()
    flash(_("The proposal is withdrawn. You can take it up again while submission is open."),
          "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/resume")
@login_required
def resume(proposal_id: int):
    """Take a withdrawn proposal up again as a draft."""
    proposal = proposal_or_404(proposal_id)
    _require_status_change(proposal)
    services.resume(proposal=proposal, author=me())
    db.session.commit()
    flash(_("The proposal is a draft again."), "success")
    return redirect(url_for("proposals.edit", proposal_id=proposal.id))


def _require_status_change(proposal: Proposal) -> None:
    if not permissions.is_author(current_user, proposal):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not permissions.can_change_status(current_user, proposal):
        fail(409, decided.status_refusal() if decided.decision_published(proposal)
             else closed_message(proposal))


@bp.post("/proposals/<int:proposal_id>/reopen")
@login_required
def reopen(proposal_id: int):
    """A facilitator lets one team change its proposal after the deadline."""
    proposal = proposal_or_404(proposal_id)
    if not permissions.can_manage_proposals(current_user, proposal.event):
        abort(403)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Choose the date and time until which the proposal is open."), "error")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    try:
        services.reopen(proposal=proposal, facilitator=me(),
                        until=local_to_utc(form.until.data, zone))
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error.detail), "error")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    db.session.commit()
    flash(_("The team can change the proposal until %(when)s.",
            when=formatting.datetime(local_to_utc(form.until.data, zone))), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


