"""Sign-in, joining with a code, personal re-entry links and accepting invitations."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from hackathon.auth import redaction, services, sessions, throttle
from hackathon.auth.forms import (
    ConfirmForm,
    InvitationForm,
    JoinCodeForm,
    LoginForm,
    ProfileForm,
    normalise_join_code,
)
from hackathon.auth.tokens import invitation_from_token, person_from_reentry_token, reentry_token
from hackathon.core.errors import fail
from hackathon.enums import Role, Sector
from hackathon.events.permissions import can_join_event, is_signed_in
from hackathon.events.queries import event_by_join_code
from hackathon.extensions import db
from hackathon.models import Event, Organisation
from hackathon.organisations.services import list_for_member

bp = Blueprint("auth", __name__)
bp.before_app_request(sessions.check_request)
bp.record_once(lambda _state: redaction.install())

# A link's token is exchanged for these session keys on first use, then the browser goes on to
# a clean address (/enter, /invite), so the token is not repeated in later requests or logs.
PENDING_REENTRY = "pending_reentry"
PENDING_INVITATION = "pending_invitation"


def _safe_next(target: str | None) -> str | None:
    """Only follow ``next`` to a path on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def sign_in(person) -> None:
    """Sign ``person`` in: a fresh session (no fixation) with its server-side record; the caller
    commits. Used by every way in (password, personal link, invitation, contact link).

    An invitation opened before signing in is kept, so it can be accepted right after.
    """
    pending_invitation = session.get(PENDING_INVITATION)
    sessions.end(session.get(sessions.SESSION_KEY))
    session.clear()
    login_user(person)
    session[sessions.SESSION_KEY] = sessions.start(person)
    session.permanent = True
    if pending_invitation:
        session[PENDING_INVITATION] = pending_invitation


def _after_sign_in(default: str):
    """Where to go after signing in: an invitation waiting to be accepted, else ``default``."""
    return redirect(url_for("auth.invitation") if session.get(PENDING_INVITATION) else default)


def _organisation_from(form) -> Organisation:
    if form.organisation_id.data:
        return db.session.get(Organisation, int(form.organisation_id.data))
    return services.get_or_create_organisation(
        name=form.new_organisation.data, sector=Sector(form.new_organisation_sector.data)
    )


def _list_for(event: Event, person) -> None:
    """Put the person's organisation on the event's list: as proposed when it was not there
    (a new one they named, or one they bring from another event); usable by them at once."""
    if person.organisation is not None:
        list_for_member(event=event, person=person, organisation=person.organisation)


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
            sign_in(person)
            db.session.commit()
            next_page = _safe_next(request.args.get("next"))
            response = redirect(next_page) if next_page else _after_sign_in(url_for("core.index"))
            return throttle.remember_device(response, form.email.data)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF, so a link elsewhere cannot sign anyone out)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sessions.end(session.get(sessions.SESSION_KEY))
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("core.index"))


@bp.get("/me/sessions")
@login_required
def my_sessions():
    """How many browsers are signed in to this account, with "sign out everywhere"."""
    count = sessions.active_count(current_user)
    return render_template("auth/sessions.html", count=count, form=ConfirmForm())


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """End every session of this person on every device (also copied cookies)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sessions.end_all(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("core.index"))


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Step 1 of joining: the event's code, typed or carried by the join link (QR code).

    A link ``/join?code=...`` checks the code at once (counted like a typed one) and goes on
    to the profile step; only a signed-in person still confirms with the button, because a
    GET never gives anyone a role.
    """
    form = JoinCodeForm()
    from_link = request.method == "GET" and bool(request.args.get("code"))
    if from_link:
        form.code.data = normalise_join_code(request.args["code"])
        if form.code.validate(form, [JoinCodeForm.validate_code]):
            event = _event_for_code(form)
            if event is not None and not is_signed_in(current_user):
                session["join_event_id"] = event.id
                return redirect(url_for("auth.join_profile"))
            if event is not None:
                return render_template("auth/join.html", form=form, event=event)
    elif form.validate_on_submit():
        event = _event_for_code(form)
        if event is not None and is_signed_in(current_user):
            services.grant_role(
                event=event, person=current_user._get_current_object(), role=Role.PARTICIPANT
            )
            db.session.commit()
            flash(_("Welcome to %(title)s.", title=event.title), "success")
            return redirect(url_for("events.show", event_id=event.id))
        if event is not None:
            session["join_event_id"] = event.id
            return redirect(url_for("auth.join_profile"))
    return render_template("auth/join.html", form=form, event=None)


def _event_for_code(form: JoinCodeForm) -> Event | None:
    """The open event with the form's code (a counted attempt), or None with an error set."""
    _refuse_if_throttled("join")
    event = event_by_join_code(form.code.data)
    throttle.settle(right=event is not None)
    if event is None:
        form.code.errors.append(_("No event has this code. Check it on the screen."))
    elif not can_join_event(event):
        form.code.errors.append(_("This event does not take new participants right now."))
        return None
    return event


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
    form.load_organisation_choices(event)
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
            _list_for(event, person)
            sign_in(person)
            db.session.commit()
            flash(_("Welcome to %(title)s.", title=event.title), "success")
            return redirect(url_for("events.show", event_id=event.id, welcome=1))
    return render_template("auth/profile.html", form=form, event=event)


# --- personal links ------------------------------------------------------------------------


def _link_invalid(reason: str = "invalid"):
    status = 404 if reason == "invalid" else 410
    return render_template("auth/link_invalid.html", reason=reason), status


def _confirm_reentry(token: object):
    person = person_from_reentry_token(token) if isinstance(token, str) else None
    if person is None:
        session.pop(PENDING_REENTRY, None)
        return _link_invalid()
    form = ConfirmForm()
    if form.validate_on_submit():
        sign_in(person)
        db.session.commit()
        flash(_("Welcome back, %(name)s.", name=person.name), "success")
        return _after_sign_in(url_for("core.index"))
    return render_template("auth/reenter.html", form=form, person=person)


@bp.route("/enter/<token>", methods=["GET", "POST"])
def reenter(token: str):
    """A personal link: its token is kept in the session and the browser moves on to /enter."""
    if request.method == "POST":
        return _confirm_reentry(token)  # pages rendered before the clean address existed
    if person_from_reentry_token(token) is None:
        return _link_invalid()
    session[PENDING_REENTRY] = token
    return redirect(url_for("auth.reenter_confirm"))


@bp.route("/enter", methods=["GET", "POST"])
def reenter_confirm():
    """Continue on another device with a personal link (confirm with a button)."""
    return _confirm_reentry(session.get(PENDING_REENTRY))


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
    sessions.end_all(person)
    sign_in(person)
    db.session.commit()
    flash(_("Your old link no longer works. Here is your new one."), "success")
    return redirect(url_for("auth.my_link"))


# --- invitations -----------------------------------------------------------------------------


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """An invitation link: its token is kept in the session and the browser moves on to /invite."""
    invitation, reason = invitation_from_token(token)
    if invitation is None or reason != "ok":
        return _link_invalid(reason)
    session[PENDING_INVITATION] = token
    if request.method == "POST":
        return _invitation_page(token)  # pages rendered before the clean address existed
    return redirect(url_for("auth.invitation"))


@bp.route("/invite", methods=["GET", "POST"])
def invitation():
    """Accept the invitation opened in this browser (see services.claim_invitation for who)."""
    token = session.get(PENDING_INVITATION)
    if not isinstance(token, str):
        return _link_invalid()
    return _invitation_page(token)


def _invitation_page(token: str):
    invitation, reason = invitation_from_token(token)
    if invitation is None or reason != "ok":
        session.pop(PENDING_INVITATION, None)
        return _link_invalid(reason)
    acceptor = current_user._get_current_object() if is_signed_in(current_user) else None
    existing = services.person_by_email(invitation.email)
    as_new = acceptor is None and request.args.get("new") == "1"
    if acceptor is None and existing is not None:
        # The email names an account: only its owner may act as it, after proving it.
        if existing.password_hash:
            flash(_("Sign in to accept the invitation."), "info")
            return redirect(url_for("auth.login", next=url_for("auth.invitation")))
        if not as_new or invitation.role == Role.FACILITATOR:
            return render_template(
                "auth/invitation_claim.html",
                invitation=invitation,
                may_start_new=invitation.role != Role.FACILITATOR,
            )
    form = InvitationForm()
    form.load_organisation_choices(
        invitation.event, acceptor,
        keep=(acceptor.organisation_id if acceptor else None, invitation.organisation_id),
    )
    needs_password = invitation.role == Role.FACILITATOR and (
        acceptor is None or not acceptor.password_hash
    )
    if needs_password:
        form.require_password()
    if request.method == "GET":
        form.name.data = acceptor.name if acceptor else invitation.name
        org_id = (acceptor.organisation_id if acceptor else None) or invitation.organisation_id
        form.organisation_id.data = str(org_id) if org_id else ""
    if form.validate_on_submit():
        try:
            person = services.claim_invitation(
                invitation=invitation,
                acceptor=acceptor,
                name=form.name.data,
                organisation=_organisation_from(form),
                password=form.password.data if needs_password else None,
            )
        except services.AccountError as error:
            db.session.rollback()
            form.password.errors.append(str(error))
        else:
            session.pop(PENDING_INVITATION, None)
            _list_for(invitation.event, person)
            if acceptor is None:
                sign_in(person)
            db.session.commit()
            flash(_("Welcome to %(title)s.", title=invitation.event.title), "success")
            return redirect(url_for("events.show", event_id=invitation.event_id))
    return render_template(
        "auth/invitation.html",
        form=form,
        invitation=invitation,
        needs_password=needs_password,
        acceptor=acceptor,
        new_person=as_new and existing is not None,
        sign_in_email=(acceptor.email if acceptor and acceptor.email else invitation.email),
    )
