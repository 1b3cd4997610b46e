"""Sign-in, joining with a code, personal re-entry links and accepting invitations."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from hackathon.auth import services, throttle
from hackathon.auth.forms import ConfirmForm, InvitationForm, JoinCodeForm, LoginForm, ProfileForm
from hackathon.auth.tokens import invitation_from_token, person_from_reentry_token, reentry_token
from hackathon.core.errors import fail
from hackathon.enums import Role, Sector
from hackathon.events.permissions import can_join_event, is_signed_in
from hackathon.events.queries import event_by_join_code
from hackathon.extensions import db
from hackathon.models import Event, Organisation

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only follow ``next`` to a path on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _sign_in(person) -> None:
    session.clear()  # a fresh session on every sign-in (no fixation)
    login_user(person)
    session.permanent = True


def _organisation_from(form) -> Organisation:
    if form.organisation_id.data:
        return db.session.get(Organisation, int(form.organisation_id.data))
    return services.get_or_create_organisation(
        name=form.new_organisation.data, sector=Sector(form.new_organisation_sector.data)
    )


def _refuse_if_throttled(kind: str, account: str | None = None) -> None:
    wait = throttle.begin(kind, account=account)
    if wait:
        fail(
            429,
            _("Too many wrong attempts. Try again in %(seconds)d seconds.", seconds=wait),
            retry_after=wait,
        )


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Facilitators sign in with email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        _refuse_if_throttled("login", account=form.email.data)
        person = services.authenticate(email=form.email.data, password=form.password.data)
        throttle.settle(right=person is not None)
        if person is None:
            form.password.errors.append(_("Wrong email or password."))
        else:
            _sign_in(person)
            response = redirect(_safe_next(request.args.get("next")) or url_for("core.index"))
            return throttle.remember_device(response, form.email.data)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF, so a link elsewhere cannot sign anyone out)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("core.index"))


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Step 1 of joining: the event's code."""
    form = JoinCodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    if form.validate_on_submit():
        _refuse_if_throttled("join")
        event = event_by_join_code(form.code.data)
        throttle.settle(right=event is not None)
        if event is None:
            form.code.errors.append(_("No event has this code. Check it on the screen."))
        elif not can_join_event(event):
            form.code.errors.append(_("This event does not take new participants right now."))
        elif is_signed_in(current_user):
            services.grant_role(
                event=event, person=current_user._get_current_object(), role=Role.PARTICIPANT
            )
            db.session.commit()
            flash(_("Welcome to %(title)s.", title=event.title), "success")
            return redirect(url_for("events.show", event_id=event.id))
        else:
            session["join_event_id"] = event.id
            return redirect(url_for("auth.join_profile"))
    return render_template("auth/join.html", form=form)


@bp.route("/join/profile", methods=["GET", "POST"])
def join_profile():
    """Step 2 of joining: name, organisation and optional email."""
    event_id = session.get("join_event_id")
    event = db.session.get(Event, event_id) if isinstance(event_id, int) else None
    if event is None:
        flash(_("Start by typing the event's code."), "info")
        return redirect(url_for("auth.join"))
    if not can_join_event(event):
        fail(409, _("This event does not take new participants right now."))
    form = ProfileForm()
    form.load_organisation_choices()
    if form.validate_on_submit():
        if services.person_by_email(form.email.data) is not None:
            form.email.errors.append(
                _("This email is already in use. Use your personal link, or leave it empty.")
            )
        else:
            person = services.create_person(
                name=form.name.data,
                email=form.email.data,
                title=form.title.data,
                organisation=_organisation_from(form),
            )
            services.grant_role(event=event, person=person, role=Role.PARTICIPANT)
            db.session.commit()
            _sign_in(person)
            flash(_("Welcome to %(title)s.", title=event.title), "success")
            return redirect(url_for("events.show", event_id=event.id, welcome=1))
    return render_template("auth/profile.html", form=form, event=event)


@bp.route("/enter/<token>", methods=["GET", "POST"])
def reenter(token: str):
    """Continue on another device with a personal link (confirm with a button)."""
    person = person_from_reentry_token(token)
    if person is None:
        return render_template("auth/link_invalid.html", reason="invalid"), 404
    form = ConfirmForm()
    if form.validate_on_submit():
        _sign_in(person)
        flash(_("Welcome back, %(name)s.", name=person.name), "success")
        return redirect(url_for("core.index"))
    return render_template("auth/reenter.html", form=form, person=person)


@bp.get("/me/link")
@login_required
def my_link():
    """Show the personal link that lets a person continue on another device."""
    if current_user.password_hash:
        abort(404)
    link = url_for("auth.reenter", token=reentry_token(current_user), _external=True)
    return render_template("auth/my_link.html", link=link, form=ConfirmForm())


@bp.post("/me/link/reset")
@login_required
def reset_my_link():
    """Make old personal links (and other devices' sessions) stop working."""
    if current_user.password_hash or not ConfirmForm().validate_on_submit():
        abort(400)
    person = current_user._get_current_object()
    person.revoke_logins()
    db.session.commit()
    _sign_in(person)
    flash(_("Your old link no longer works. Here is your new one."), "success")
    return redirect(url_for("auth.my_link"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Accept a personal invitation as reviewer, observer or facilitator."""
    invitation, reason = invitation_from_token(token)
    if invitation is None or reason != "ok":
        status = 404 if reason == "invalid" else 410
        return render_template("auth/link_invalid.html", reason=reason), status
    existing = services.person_by_email(invitation.email)
    if existing is not None and existing.password_hash:
        # An account with a password proves itself by signing in first.
        if not is_signed_in(current_user) or current_user.id != existing.id:
            flash(_("Sign in to accept the invitation."), "info")
            return redirect(url_for("auth.login", next=request.path))
    form = InvitationForm()
    form.load_organisation_choices()
    needs_password = invitation.role == Role.FACILITATOR and (
        existing is None or not existing.password_hash
    )
    if needs_password:
        form.require_password()
    if request.method == "GET":
        person = existing
        form.name.data = person.name if person else invitation.name
        org_id = (person.organisation_id if person else None) or invitation.organisation_id
        form.organisation_id.data = str(org_id) if org_id else ""
    if form.validate_on_submit():
        person = existing
        organisation = _organisation_from(form)
        if person is None:
            person = services.create_person(
                name=form.name.data, email=invitation.email, title=None, organisation=organisation
            )
        else:
            person.name = form.name.data
            person.organisation = organisation
        if needs_password:
            person.set_password(form.password.data)
            person.is_facilitator_account = True
        services.accept_invitation(invitation=invitation, person=person)
        db.session.commit()
        _sign_in(person)
        flash(_("Welcome to %(title)s.", title=invitation.event.title), "success")
        return redirect(url_for("events.show", event_id=invitation.event_id))
    return render_template(
        "auth/invitation.html", form=form, invitation=invitation, needs_password=needs_password
    )
