"""Proposal pages: start, team, edit with autosave, submit, history, facilitator list, export."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
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

from hackathon import labels
from hackathon.auth import throttle
from hackathon.auth.forms import ConfirmForm
from hackathon.core.errors import fail
from hackathon.enums import EvidenceKind, ProposalStatus, Role, Sector
from hackathon.events.phases import phase_rules
from hackathon.events.queries import roles_in
from hackathon.events.services import local_to_utc
from hackathon.extensions import db
from hackathon.forms_common import organisation_choices
from hackathon.models import Decision, Event, Proposal, ProposalRevision
from hackathon.parsing import ID_MAX, parse_int
from hackathon.proposals import decided, permissions, queries, services
from hackathon.proposals.export import to_csv, to_xlsx
from hackathon.proposals.fields import BY_NAME, fields_by_section
from hackathon.proposals.forms import ReopenForm, StartProposalForm, TeamCodeForm
from hackathon.proposals.values import (
    clean_values,
    display,
    missing_for_submission,
    parse_organisations,
    read_values,
    word_diff,
)
from hackathon.review import roles as review_roles
from hackathon.review import services as review_services

bp = Blueprint("proposals", __name__)

EXTRA_ORGANISATION_ROWS = 3
SAVE_ID_MAX = 64


def _proposal_or_404(proposal_id: int) -> Proposal:
    proposal = queries.proposal_with_team(proposal_id)
    if proposal is None:
        abort(404)
    return proposal


def _me():
    return current_user._get_current_object()


def _closed_message(proposal: Proposal) -> str:
    if proposal.status == ProposalStatus.WITHDRAWN:
        return _("The proposal is withdrawn. Take it up again to change it.")
    submission = phase_rules(proposal.event).submission
    if submission == "not_open":
        return _("Writing opens when the facilitators open submission. Until then the proposal "
                 "can only be read.")
    if submission == "closed":
        return _("Submission is closed: the proposal is read-only.")
    return _("The deadline for changes has passed. The proposal can no longer be changed.")


def _refuse_team_change(event: Event) -> None:
    """A participant who may not start or join now is told why; anyone else gets a 403."""
    if Role.PARTICIPANT in roles_in(current_user, event):
        fail(409, _("Submission is closed: new proposals and teams are no longer possible.")
             if phase_rules(event).submission != "not_open"
             else _("You are not on a team yet. When the facilitators open submission, you can "
                    "start a proposal here or join a team with its code."))
    abort(403)


# --- starting and teams -------------------------------------------------------------------


@bp.post("/events/<int:event_id>/proposals/new")
@login_required
def start(event_id: int):
    """A participant starts a proposal and becomes its first author."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_start_proposal(current_user, event):
        _refuse_team_change(event)
    form = StartProposalForm()
    if not form.validate_on_submit():
        for error in form.title.errors:
            flash(f"{form.title.label.text}: {error}", "error")
        return redirect(url_for("events.show", event_id=event.id, _anchor="mine"))
    proposal = services.start_proposal(event=event, author=_me(), title=form.title.data)
    db.session.commit()
    return redirect(url_for("proposals.edit", proposal_id=proposal.id))


@bp.route("/events/<int:event_id>/proposals/join", methods=["GET", "POST"])
@login_required
def join_team(event_id: int):
    """Join a team with its code (a link with ?code= fills it in)."""
    event = db.get_or_404(Event, event_id)
    review_roles.ensure_may_author(event=event, person=current_user)  # a reviewer: clear 403
    if not permissions.can_join_team(current_user, event):
        _refuse_team_change(event)
    form = TeamCodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    if form.validate_on_submit():
        throttle.refuse_if_throttled("team", account=current_user.id)
        proposal = queries.proposal_by_team_code(event, form.code.data)
        throttle.settle(right=proposal is not None)
        if proposal is None:
            form.code.errors.append(_("No proposal in this event has that team code."))
        else:
            added = services.join_team(proposal=proposal, person=_me())
            db.session.commit()
            if added:
                flash(_("You are now on the team of \u201c%(title)s\u201d.", title=proposal.title),
                      "success")
            return redirect(url_for("proposals.edit", proposal_id=proposal.id))
    return render_template("proposals/join.html", event=event, form=form)


@bp.post("/proposals/<int:proposal_id>/leave")
@login_required
def leave(proposal_id: int):
    """An author leaves the team."""
    proposal = _proposal_or_404(proposal_id)
    if not permissions.is_author(current_user, proposal):
        abort(403)
    if not permissions.can_leave_team(current_user, proposal):
        fail(409, _("The team is fixed once submission has closed."))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.leave_team(proposal=proposal, person=_me())
    except services.ProposalError:
        flash(_("You are the last one on the team. Withdraw the proposal before you leave it."),
              "error")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    db.session.commit()
    flash(_("You have left the team of \u201c%(title)s\u201d.", title=proposal.title), "success")
    return redirect(url_for("events.show", event_id=proposal.event_id))


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
        "organisation_options": organisation_choices(),
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
    proposal = _proposal_or_404(proposal_id)
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
    proposal = _proposal_or_404(proposal_id)
    if not permissions.is_author(current_user, proposal):
        if request.method == "GET" and permissions.can_view_proposal(current_user, proposal):
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
        abort(403)
    if not permissions.can_edit_proposal(current_user, proposal):
        if request.method == "POST":
            fail(409, _closed_message(proposal))
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    if request.method == "GET":
        return render_template(
            "proposals/edit.html", **_page_context(proposal, read_values(proposal))
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    raw = _values_from_form(request.form)
    clean, errors = clean_values(raw)
    base_version = parse_int(request.form.get("version"), maximum=ID_MAX)
    if base_version is None:
        abort(400)
    try:
        result = services.save_fields(
            proposal=proposal, author=_me(), base_version=base_version, values=clean
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
        return jsonify(status="closed", message=_closed_message(proposal)), 409
    payload = request.get_json(silent=True)
    version = payload.get("version") if isinstance(payload, dict) else None
    version = parse_int(version, maximum=ID_MAX) if isinstance(version, int) else None
    if version is None or not isinstance(payload.get("values"), dict):
        return jsonify(status="invalid", message=_("The save could not be read.")), 400
    save_id = payload.get("save_id")
    if save_id is not None and (not isinstance(save_id, str) or len(save_id) > SAVE_ID_MAX):
        return jsonify(status="invalid", message=_("The save could not be read.")), 400
    clean, errors = clean_values(payload["values"])
    try:
        result = services.save_fields(
            proposal=proposal, author=_me(), base_version=version, values=clean,
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
    proposal = _proposal_or_404(proposal_id)
    _require_status_change(proposal)
    try:
        services.submit(proposal=proposal, author=_me())
        review_services.assign_late_proposal(proposal=proposal)  # submitted during the round
    except services.ProposalError as error:
        names = ", ".join(message for _name, message in error.detail)
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
    proposal = _proposal_or_404(proposal_id)
    _require_status_change(proposal)
    services.withdraw(proposal=proposal, author=_me())
    db.session.commit()
    flash(_("The proposal is withdrawn. You can take it up again while submission is open."),
          "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/resume")
@login_required
def resume(proposal_id: int):
    """Take a withdrawn proposal up again as a draft."""
    proposal = _proposal_or_404(proposal_id)
    _require_status_change(proposal)
    services.resume(proposal=proposal, author=_me())
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
             else _closed_message(proposal))


@bp.post("/proposals/<int:proposal_id>/reopen")
@login_required
def reopen(proposal_id: int):
    """A facilitator lets one team change its proposal after the deadline."""
    proposal = _proposal_or_404(proposal_id)
    if not permissions.can_manage_proposals(current_user, proposal.event):
        abort(403)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Choose the date and time until which the proposal is open."), "error")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    try:
        services.reopen(proposal=proposal, facilitator=_me(),
                        until=local_to_utc(form.until.data, zone))
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error.detail), "error")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    db.session.commit()
    flash(_("The team can change the proposal until %(when)s.",
            when=form.until.data.strftime("%d.%m.%Y %H:%M")), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


# --- history ------------------------------------------------------------------------------


@bp.get("/proposals/<int:proposal_id>/history")
@login_required
def history(proposal_id: int):
    """Every saved change: who, when, which fields; with a per-field difference."""
    proposal = _proposal_or_404(proposal_id)
    if not permissions.can_view_proposal(current_user, proposal):
        abort(403)
    revisions = queries.revisions_of(proposal)
    selected = request.args.get("revision", type=int)
    revision = next((r for r in revisions if r.id == selected), revisions[0] if revisions else None)
    organisations = queries.organisation_names()
    diffs = []
    if revision is not None:
        for name, (old, new) in revision.changes.items():
            label = BY_NAME[name].label if name in BY_NAME else _field_label(name)
            diffs.append(
                (label, word_diff(display(name, old, organisations) if name in BY_NAME else old,
                                  display(name, new, organisations) if name in BY_NAME else new))
            )
    return render_template(
        "proposals/history.html",
        proposal=proposal,
        event=proposal.event,
        revisions=revisions,
        revision=revision,
        diffs=diffs,
        field_label=lambda name: BY_NAME[name].label if name in BY_NAME else _field_label(name),
        is_facilitator=permissions.can_manage_proposals(current_user, proposal.event),
        is_author=permissions.is_author(current_user, proposal),
        can_edit=permissions.can_edit_proposal(current_user, proposal),
        confirm_form=ConfirmForm(),
    )


def _field_label(name: str) -> str:
    return {"status": _("Status"), "reopened_until": _("Reopened until")}.get(name, name)


@bp.post("/proposals/<int:proposal_id>/revisions/<int:revision_id>/restore")
@login_required
def restore(proposal_id: int, revision_id: int):
    """A facilitator restores the fields as they were at an earlier revision."""
    proposal = _proposal_or_404(proposal_id)
    if not permissions.can_manage_proposals(current_user, proposal.event):
        abort(403)
    revision = db.get_or_404(ProposalRevision, revision_id)
    if revision.proposal_id != proposal.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        restored = services.restore(proposal=proposal, facilitator=_me(), revision=revision)
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error.detail), "error")
        return redirect(url_for("proposals.history", proposal_id=proposal.id))
    db.session.commit()
    if restored:
        flash(_("Restored as it was at version %(n)d. This is saved as a new version.",
                n=revision.version), "success")
    else:
        flash(_("Nothing to restore: the proposal already looks like that."), "info")
    return redirect(url_for("proposals.history", proposal_id=proposal.id))


# --- facilitator list and export ----------------------------------------------------------


def _filters() -> tuple[ProposalStatus | None, Sector | None, str]:
    status = request.args.get("status", "")
    sector = request.args.get("sector", "")
    return (
        ProposalStatus(status) if status in {s.value for s in ProposalStatus} else None,
        Sector(sector) if sector in {s.value for s in Sector} else None,
        request.args.get("q", "")[:100],
    )


@bp.get("/events/<int:event_id>/proposals")
@login_required
def event_list(event_id: int):
    """All proposals of the event with status, team, sectors and last change."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_manage_proposals(current_user, event):
        abort(403)
    status, sector, search = _filters()
    proposals = queries.event_proposals(event, status, sector, search)
    return render_template(
        "proposals/list.html",
        event=event,
        proposals=proposals,
        status=status,
        sector=sector,
        search=search,
        statuses=list(ProposalStatus),
        sectors=list(Sector),
    )


@bp.get("/events/<int:event_id>/proposals/export.<fmt>")
@login_required
def export(event_id: int, fmt: str):
    """The (filtered) list as CSV or XLSX."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_manage_proposals(current_user, event):
        abort(403)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    proposals = queries.event_proposals(event, *_filters())
    organisations = queries.organisation_names()
    filename = f"forslag-{event.id}.{fmt}"
    if fmt == "csv":
        body, mimetype = to_csv(proposals, organisations), "text/csv; charset=utf-8"
    else:
        body = to_xlsx(proposals, organisations)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body, mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
