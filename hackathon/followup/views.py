"""The prototype pages: the prototype with its timeline, the event's list, stage and status
decisions, settings, contacts and their personal links. The records (trial actions,
measurements, notes, ...) are in ``record_views``; both share the blueprint ``followup``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from hackathon import labels
from hackathon.auth.views import sign_in
from hackathon.bank import search as bank_search
from hackathon.enums import DiaStage, PrototypeStatus
from hackathon.events.permissions import is_signed_in
from hackathon.extensions import db
from hackathon.followup import contacts as contact_services
from hackathon.followup import permissions, record_views, rules
from hackathon.followup.forms import (
    ConfirmForm,
    ContactForm,
    SettingsForm,
    StageForm,
    StatusForm,
)
from hackathon.followup.pages import (
    apply_errors,
    child_of,
    load,
    missing_text,
    org_choices,
    org_id,
    today,
)
from hackathon.followup.timeline import timeline
from hackathon.models import Event, Organisation, Prototype, PrototypeContact
from hackathon.parsing import parse_id

bp = Blueprint("followup", __name__)
PENDING_CONTACT = "pending_contact_link"

record_views.register(bp)


def _stale_message() -> str:
    return _("Someone else saved this prototype while you were editing. Their version is "
             "shown; your text is kept in the form — compare, then save again.")


def _indicator_chart():
    """The SVG chart of an indicator's measurements (``hackathon.followup.chart``, built
    alongside), or None while it is not there: the page then shows the table alone."""
    try:
        from hackathon.followup.chart import indicator_svg
    except ImportError:
        return None
    return indicator_svg


@bp.get("/events/<int:event_id>/prototypes")
@login_required
def event_list(event_id: int):
    """The event's prototypes (each person sees those they may read)."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_list(current_user, event):
        abort(403)
    rows = db.session.scalars(
        select(Prototype).where(Prototype.event_id == event.id).order_by(Prototype.id)
    ).all()
    visible = [p for p in rows if permissions.can_read(current_user, p)]
    return render_template("followup/list.html", event=event, prototypes=visible)


@bp.get("/prototypes/<int:prototype_id>")
@login_required
def show(prototype_id: int):
    """The prototype: decision, owners, stage and status, records and timeline."""
    prototype = load(prototype_id, permissions.can_read)
    # Names of the organisations it spread to (only those, not the installation's whole list).
    organisations = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_(prototype.spread_to or [])))}
    return render_template(
        "followup/show.html",
        prototype=prototype,
        event=prototype.event,
        decision=prototype.decision,
        organisations=organisations,
        timeline=timeline(prototype),
        missing=rules.acceleration_missing(prototype),
        missing_text=missing_text,
        in_bank=bank_search.entry_visible(prototype.proposal_id, current_user),
        today=today(),
        can_list=permissions.can_list(current_user, prototype.event),
        can_manage=permissions.can_manage(current_user, prototype),
        can_record=permissions.can_record(current_user, prototype),
        can_contribute=permissions.can_contribute(current_user, prototype),
        can_edit_trial=lambda t: permissions.can_edit_trial_action(current_user, prototype, t),
        confirm_form=ConfirmForm(),
        indicator_svg=_indicator_chart(),
    )


# --- stage, status and settings: the facilitators' decisions --------------------------------


@bp.route("/prototypes/<int:prototype_id>/stage", methods=["GET", "POST"])
@login_required
def stage(prototype_id: int):
    """Move to another DIA stage with a reason; Acceleration says what is missing."""
    prototype = load(prototype_id, permissions.can_manage)
    form = StageForm()
    missing: list[str] = []
    conflict = ""
    if request.method == "GET":
        form.version.data = prototype.version
        following = min(prototype.stage.index + 1, len(DiaStage) - 1)
        form.stage.data = list(DiaStage)[following].value
    elif not form.validate():
        if "csrf_token" in form.errors:
            abort(400)
    else:
        try:
            rules.change_stage(prototype=prototype, actor=current_user,
                               stage=DiaStage(form.stage.data), reason=form.reason.data or "",
                               expected_version=form.version.data)
        except rules.FollowupError as error:
            conflict = _refused(error, form, prototype)
            if error.code == "missing":
                missing = error.problems
                flash(_("The prototype cannot move to Acceleration yet; see what is missing."),
                      "error")
        else:
            db.session.commit()
            flash(_("The stage is now %(stage)s.", stage=labels.label(prototype.stage)), "success")
            return redirect(url_for("followup.show", prototype_id=prototype.id))
    return render_template("followup/stage.html", prototype=prototype, event=prototype.event,
                           form=form, missing=missing, missing_text=missing_text,
                           needs=rules.acceleration_missing(prototype),
                           stale=conflict == "stale"), (
        409 if conflict else 422 if missing or form.errors else 200)


def _refused(error: rules.FollowupError, form, prototype: Prototype) -> str:
    """After a refused stage or status change: roll back, say why, keep the typed text with
    the field errors. Returns "stale" (someone saved meanwhile: the page shows their version),
    "closed" (the decision no longer selects the proposal), both answered 409, or ""."""
    db.session.rollback()
    if error.code == "stale":
        flash(_stale_message(), "error")
        form.version.data = prototype.version
    elif error.code == "closed":
        flash(_closed_message(), "error")
    apply_errors(form, error.fields)
    return error.code if error.code in ("stale", "closed") else ""


def _closed_message() -> str:
    return _("The published decision no longer selects this proposal, so its prototype stays "
             "stopped. Amend the decision to resume it.")


def _status_input(form: StatusForm) -> rules.StatusInput:
    spread = []
    for value in form.spread_to.data or []:
        number = parse_id(value)
        if number is None:
            form.spread_to.errors = [*form.spread_to.errors, _("Choose from the list.")]
        else:
            spread.append(number)
    return rules.StatusInput(
        status=PrototypeStatus(form.status.data), reason=form.reason.data or "",
        restart_expected_on=form.restart_expected_on.data,
        operation_owner_id=org_id(form.operation_owner), spread_to=spread,
    )


@bp.route("/prototypes/<int:prototype_id>/status", methods=["GET", "POST"])
@login_required
def status(prototype_id: int):
    """Set the status with what it needs (reason, restart date, organisations)."""
    prototype = load(prototype_id, permissions.can_manage)
    form = StatusForm()
    form.operation_owner.choices = org_choices()
    form.spread_to.choices = org_choices()[1:]
    conflict = ""
    data = None
    if request.method == "GET":
        form.version.data = prototype.version
        form.status.data = prototype.status.value
        form.operation_owner.data = str(prototype.operation_owner_id or "")
        form.spread_to.data = [str(i) for i in prototype.spread_to or []]
    elif not form.validate():
        if "csrf_token" in form.errors:
            abort(400)
    else:
        data = _status_input(form)
    if data is not None and not form.errors:
        try:
            rules.change_status(prototype=prototype, actor=current_user, data=data,
                                expected_version=form.version.data, today=today())
        except rules.FollowupError as error:
            conflict = _refused(error, form, prototype)
        else:
            db.session.commit()
            flash(_("The status is now %(status)s.", status=labels.label(prototype.status)),
                  "success")
            return redirect(url_for("followup.show", prototype_id=prototype.id))
    return render_template("followup/status.html", prototype=prototype, event=prototype.event,
                           form=form, stale=conflict == "stale"), (409 if conflict
                                                        else 422 if form.errors else 200)


@bp.route("/prototypes/<int:prototype_id>/settings", methods=["GET", "POST"])
@login_required
def settings(prototype_id: int):
    """Operation owner and whether the team may add trial actions and notes."""
    prototype = load(prototype_id, permissions.can_manage)
    form = SettingsForm()
    form.operation_owner.choices = org_choices()
    stale = False
    if request.method == "GET":
        form.version.data = prototype.version
        form.operation_owner.data = str(prototype.operation_owner_id or "")
        form.team_may_contribute.data = prototype.team_may_contribute
    elif not form.validate():
        if "csrf_token" in form.errors:
            abort(400)
    else:
        owner = org_id(form.operation_owner)
        if not form.operation_owner.errors:
            try:
                rules.update_settings(prototype=prototype, actor=current_user,
                                      operation_owner_id=owner,
                                      team_may_contribute=bool(form.team_may_contribute.data),
                                      expected_version=form.version.data)
            except rules.FollowupError as error:
                db.session.rollback()
                stale = error.code == "stale"
                if stale:
                    flash(_stale_message(), "error")
                    form.version.data = prototype.version
                apply_errors(form, error.fields)
            else:
                db.session.commit()
                flash(_("The settings are saved."), "success")
                return redirect(url_for("followup.show", prototype_id=prototype.id))
    return render_template("followup/form.html", prototype=prototype, event=prototype.event,
                           form=form, heading=_("Operation owner and team"),
                           fields=["operation_owner", "team_may_contribute"],
                           submit=_("Save"), stale=stale), (
        409 if stale else 422 if form.errors else 200)


# --- contacts and their personal links ----------------------------------------------------


@bp.route("/prototypes/<int:prototype_id>/contacts", methods=["GET", "POST"])
@login_required
def contacts(prototype_id: int):
    """The contact persons with their personal links to copy; add one."""
    prototype = load(prototype_id, permissions.can_manage)
    form = ContactForm()
    form.organisation.choices = org_choices()
    if request.method == "POST":
        if not form.validate():
            if "csrf_token" in form.errors:
                abort(400)
        else:
            organisation = org_id(form.organisation)
            if not (form.name.data or "").strip():
                apply_errors(form, {"name": "required"})
            if not form.errors and not form.organisation.errors and not form.name.errors:
                contact_services.add_contact(
                    prototype=prototype, actor=current_user, name=form.name.data,
                    email=form.email.data or "", organisation_id=organisation,
                    language=form.language.data)
                db.session.commit()
                flash(_("The contact person is added. Copy their personal link and send it."),
                      "success")
                return redirect(url_for("followup.contacts", prototype_id=prototype.id))
    links = {
        c.id: url_for("followup.contact_link", token=contact_services.contact_token(c),
                      _external=True)
        for c in prototype.contacts if c.revoked_at is None
    }
    return render_template("followup/contacts.html", prototype=prototype,
                           event=prototype.event, form=form, links=links,
                           confirm_form=ConfirmForm()), (422 if form.errors else 200)


def _contact_action(prototype_id: int, item_id: int, action) -> object:
    prototype = load(prototype_id, permissions.can_manage)
    contact = child_of(PrototypeContact, item_id, prototype)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    action(contact=contact, actor=current_user)
    db.session.commit()
    return redirect(url_for("followup.contacts", prototype_id=prototype.id))


@bp.post("/prototypes/<int:prototype_id>/contacts/<int:item_id>/reissue")
@login_required
def reissue_contact(prototype_id: int, item_id: int):
    """A new personal link; the old one stops working."""
    response = _contact_action(prototype_id, item_id, contact_services.reissue)
    flash(_("A new link is made; the old one no longer works."), "success")
    return response


@bp.post("/prototypes/<int:prototype_id>/contacts/<int:item_id>/revoke")
@login_required
def revoke_contact(prototype_id: int, item_id: int):
    """The link stops working and the contact loses access."""
    response = _contact_action(prototype_id, item_id, contact_services.revoke)
    flash(_("The link no longer works, and the contact person no longer has access."),
          "success")
    return response


@bp.get("/prototypes/contact/<token>")
def contact_link(token: str):
    """A contact's personal link: the token goes into the session, the address is cleaned."""
    contact, reason = contact_services.contact_from_token(token)
    if contact is None or reason != "ok":
        return _link_invalid(reason)
    session[PENDING_CONTACT] = token
    return redirect(url_for("followup.contact_confirm"))


def _link_invalid(reason: str):
    status_code = 404 if reason == "invalid" else 410
    return render_template("auth/link_invalid.html", reason=reason), status_code


@bp.route("/prototypes/contact", methods=["GET", "POST"])
def contact_confirm():
    """Open the prototype as its contact person (confirm with a button: mail scanners that
    follow links sign nobody in)."""
    contact, reason = contact_services.contact_from_token(session.get(PENDING_CONTACT))
    if contact is None or reason != "ok":
        session.pop(PENDING_CONTACT, None)
        return _link_invalid(reason)
    form = ConfirmForm()
    signed_in = current_user._get_current_object() if is_signed_in(current_user) else None
    if form.validate_on_submit():
        person = contact_services.claim(contact=contact, signed_in=signed_in)
        if person is None:
            flash(_("Sign in with your password to open the prototype."), "info")
            # The bound account has a password: after signing in with it, the prototype.
            session.pop(PENDING_CONTACT, None)
            return redirect(url_for("auth.login", next=url_for(
                "followup.show", prototype_id=contact.prototype_id)))
        session.pop(PENDING_CONTACT, None)
        if signed_in is None or signed_in.id != person.id:
            sign_in(person)
        db.session.commit()
        flash(_("Welcome, %(name)s. You follow %(title)s.", name=person.name,
                title=contact.prototype.title), "success")
        return redirect(url_for("followup.show", prototype_id=contact.prototype_id))
    return render_template("followup/contact_link.html", contact=contact, form=form,
                           signed_in=signed_in)
