"""Event pages: create, show (per role), edit, phases, people and invitations."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from hackathon.auth.forms import ConfirmForm
from hackathon.auth.tokens import invitation_token, reentry_token
from hackathon.core.errors import fail
from hackathon.enums import Phase, Role, Sector
from hackathon.events import permissions, queries, services
from hackathon.events.forms import EventForm, InvitationCreateForm, PhaseForm
from hackathon.events.phases import PhaseRules, phase_rules
from hackathon.extensions import db
from hackathon.labels import label
from hackathon.models import Event, Invitation, Organisation
from hackathon.organisations.services import add as add_organisation
from hackathon.results.permissions import can_see_results
from hackathon.results.queries import published_selection
from hackathon.scoring import list_models

bp = Blueprint("events", __name__, url_prefix="/events")

PHASE_ERRORS = {
    "same": lambda: _("The event is already in that phase."),
    "not_adjacent": lambda: _("An event moves one phase at a time."),
    "confirm_back": lambda: _("Tick the box to confirm that you want to go back."),
    "published": lambda: _(
        "The decision is published: the event cannot go back before the decision phase. To "
        "change an outcome, amend the decision with a reason."
    ),
    "unfinished_reviews": lambda: _(
        "Some reviews are unfinished. Close the round from the qualification page, where they "
        "are listed."
    ),
    "no_model": lambda: _("Choose a valid scoring model before the round opens."),
}


@bp.app_template_global("phase_rules")
def phase_rules_global(event: Event) -> PhaseRules:
    """What is open in ``event`` now, for every template (the same rules the views check)."""
    return phase_rules(event)


def _event_or_404(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


def _require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def _model_choices() -> list[SelectChoice]:
    lang = str(get_locale())
    models = list_models(current_app.config["SCORING_MODELS_DIR"])
    return [
        SelectChoice(m.key, ngettext("%(name)s (%(n)d criterion)", "%(name)s (%(n)d criteria)",
                                     len(m.criteria), name=m.label(lang), n=len(m.criteria)))
        for m in models
    ]


def _zone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def _event_fields(form: EventForm) -> dict:
    fields = {name: getattr(form, name).data for name in services.EVENT_FIELDS}
    for name in services.TIME_FIELDS:
        fields[name] = services.local_to_utc(fields[name], _zone())
    for name in ("theme", "description", "venue"):
        fields[name] = (fields[name] or "").strip()
    if fields.get("checkin_weeks") is None:
        fields.pop("checkin_weeks", None)  # left empty: keep the event's (default 4 weeks)
    return fields


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """A facilitator account creates an event and becomes its facilitator."""
    _require(permissions.can_create_event(current_user))
    form = EventForm()
    form.scoring_model_key.choices = _model_choices()
    if form.validate_on_submit():
        event = services.create_event(creator=current_user, **_event_fields(form))
        db.session.commit()
        flash(_("The event is created. Share the join code when you open submission."), "success")
        return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=None)


@bp.get("/<int:event_id>")
@login_required
def show(event_id: int):
    """The event's home page; what it shows depends on the person's roles."""
    event = _event_or_404(event_id)
    roles = queries.roles_in(current_user, event)
    _require(bool(roles))
    context = {
        "event": event,
        "roles": roles,
        "proposal_counts": queries.proposal_counts(event),
        "confirm_form": ConfirmForm(),
        "selection": published_selection(event),
        "may_see_results": can_see_results(current_user, event),
    }
    if Role.FACILITATOR in roles:
        context.update(
            role_counts=queries.role_counts(event),
            phase_form=PhaseForm(),
            next_phase=event.phase.next(),
            previous_phase=event.phase.previous(),
            join_url=url_for("auth.join", code=event.join_code, _external=True),
        )
    if Role.PARTICIPANT in roles:
        context.update(_participant_context(event))
    if not current_user.password_hash:
        context["personal_link"] = url_for(
            "auth.reenter", token=reentry_token(current_user), _external=True
        )
    context["welcome"] = request.args.get("welcome") == "1"
    return render_template("events/show.html", **context)


def _participant_context(event: Event) -> dict:
    """"My proposals" with each one's missing fields and whether it can still be edited."""
    from hackathon.proposals import permissions as proposal_permissions
    from hackathon.proposals.forms import StartProposalForm, TeamCodeForm
    from hackathon.proposals.queries import my_proposals
    from hackathon.proposals.values import missing_for_submission, read_values

    mine = [
        (
            proposal,
            missing_for_submission(read_values(proposal)),
            proposal_permissions.can_edit_proposal(current_user, proposal),
        )
        for proposal in my_proposals(current_user, event)
    ]
    return {
        "my_proposals": mine,
        "can_start": proposal_permissions.can_start_proposal(current_user, event),
        "start_form": StartProposalForm(),
        "team_form": TeamCodeForm(),
    }


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    """Facilitators edit the event's details."""
    event = _event_or_404(event_id)
    _require(permissions.can_manage_event(current_user, event))
    if not permissions.can_edit_event(current_user, event):
        fail(409, _("An archived event cannot be edited. Move it back a phase first."))
    form = EventForm(obj=event)
    form.scoring_model_key.choices = _model_choices()
    if request.method == "GET":
        for name in services.TIME_FIELDS:
            getattr(form, name).data = services.utc_to_local(getattr(event, name), _zone())
    if form.validate_on_submit():
        fields = _event_fields(form)
        if event.scoring_model_snapshot is not None:
            # The model is frozen once the round has opened; keep the chosen one.
            fields.pop("scoring_model_key")
        services.update_event(event=event, **fields)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=event)


@bp.post("/<int:event_id>/phase")
@login_required
def change_phase(event_id: int):
    """Move the event one phase forward, or back with a confirmation."""
    event = _event_or_404(event_id)
    _require(permissions.can_manage_event(current_user, event))
    form = PhaseForm()
    if not form.validate_on_submit():
        fail(400, _("The phase change could not be read. Reload the page and try again."))
    try:
        services.change_phase(
            event=event,
            to_phase=Phase(form.to_phase.data),
            actor=current_user,
            confirm_back=form.confirm_back.data,
        )
    except services.PhaseError as error:
        flash(PHASE_ERRORS[error.code](), "error")
        return redirect(_back_after_phase_change(event))
    db.session.commit()
    flash(_("The event is now in the phase: %(phase)s.", phase=label(event.phase)), "success")
    return redirect(_back_after_phase_change(event))


def _back_after_phase_change(event: Event) -> str:
    """The live dashboard offers the same buttons; go back to where the facilitator was."""
    if request.form.get("back") == "dashboard":
        return url_for("live.dashboard", event_id=event.id)
    return url_for("events.show", event_id=event.id)


@bp.post("/<int:event_id>/join-code")
@login_required
def new_join_code(event_id: int):
    """Replace the join code, e.g. when it has leaked outside the room."""
    event = _event_or_404(event_id)
    _require(permissions.can_manage_event(current_user, event))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    code = services.regenerate_join_code(event=event)
    db.session.commit()
    flash(_("New join code: %(code)s. The old code no longer works.", code=code), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/<int:event_id>/people", methods=["GET", "POST"])
@login_required
def people(event_id: int):
    """Everyone in the event, and personal invitations for reviewers and others."""
    event = _event_or_404(event_id)
    _require(permissions.can_manage_event(current_user, event))
    form = InvitationCreateForm()
    form.load_organisation_choices(event, current_user)
    if form.validate_on_submit():
        organisation = None
        if form.organisation_id.data:
            organisation = db.session.get(Organisation, int(form.organisation_id.data))
        elif (form.new_organisation.data or "").strip():
            # A facilitator's new organisation goes straight onto the event's list.
            organisation = add_organisation(
                event=event, actor=current_user, name=form.new_organisation.data,
                sector=Sector(form.new_organisation_sector.data),
            )
        invitation = services.create_invitation(
            event=event,
            role=Role(form.role.data),
            name=form.name.data,
            email=form.email.data,
            organisation=organisation,
            created_by=current_user,
            valid_days=current_app.config["INVITATION_MAX_AGE_DAYS"],
        )
        db.session.commit()
        flash(
            _("Invitation created for %(name)s. Send them the link below.", name=invitation.name),
            "success",
        )
        return redirect(url_for("events.people", event_id=event.id, _anchor="invitations"))
    invitations = queries.invitations_of(event)
    links = {
        inv.id: url_for("auth.accept_invitation", token=invitation_token(inv), _external=True)
        for inv in invitations
        if inv.is_open
    }
    return render_template(
        "events/people.html",
        event=event,
        form=form,
        people=queries.people_by_role(event),
        invitations=invitations,
        links=links,
        confirm_form=ConfirmForm(),
    )


@bp.post("/<int:event_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(event_id: int, invitation_id: int):
    """Stop an unused invitation link from working."""
    event = _event_or_404(event_id)
    _require(permissions.can_manage_event(current_user, event))
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.event_id != event.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.revoke_invitation(invitation=invitation)
    db.session.commit()
    flash(_("The invitation link no longer works."), "success")
    return redirect(url_for("events.people", event_id=event.id, _anchor="invitations"))
