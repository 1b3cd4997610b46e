"""Forms for signing in, joining an event and accepting an invitation."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from hackathon.forms_common import NAME_MAX, BaseForm, OrganisationFieldsMixin
from hackathon.models.event import JOIN_CODE_ALPHABET

AMBIGUOUS = set("0O1IL")
# Unicode categories of characters that are never part of a code: separators (Z*),
# punctuation (P*: dashes, dots, underscores) and control or format characters (C*).
_SEPARATOR_CATEGORIES = frozenset("ZPC")
PASSWORD_MIN = 10


def normalise_join_code(raw: str | None) -> str:
    """A typed join or team code in upper case, without separators people add or paste.

    Full-width and other compatibility forms become plain letters (NFKC); spaces, dashes of
    any kind, dots, underscores and invisible characters (zero-width space) are dropped.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(
        ch for ch in text.upper() if unicodedata.category(ch)[0] not in _SEPARATOR_CATEGORIES
    )


class LoginForm(BaseForm):
    """Facilitator sign-in."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class JoinCodeForm(BaseForm):
    """The join code shown on the projector."""

    code = StringField(
        _l("Join code"),
        validators=[DataRequired(), Length(max=32)],
        filters=[normalise_join_code],
        description=_l("The code is shown on the screen in the room, e.g. K7QMX-4TXAB."),
    )

    def validate_code(self, field) -> None:
        """Catch codes that cannot be right before looking them up."""
        code = field.data or ""
        if AMBIGUOUS & set(code):
            raise ValidationError(
                _l("Codes never contain 0, O, 1, I or L. Check the code on the screen.")
            )
        if len(code) < 6 or set(code) - set(JOIN_CODE_ALPHABET):
            raise ValidationError(_l("A join code has at least 6 letters and digits."))


class ProfileForm(OrganisationFieldsMixin, BaseForm):
    """Who a participant is: name, organisation and optional email. No password."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    title = StringField(
        _l("Job title"),
        validators=[Optional(), Length(max=NAME_MAX)],
        description=_l("For example caseworker, health visitor or GP."),
    )
    email = EmailField(
        _l("Email (optional)"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("Only used to send you your personal link and the decision."),
    )


class InvitationForm(OrganisationFieldsMixin, BaseForm):
    """Accepting an invitation: confirm name and organisation; facilitators set a password."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    password = PasswordField(_l("Choose a password"), validators=[Optional(), Length(max=200)])
    password_again = PasswordField(
        _l("Password again"), validators=[EqualTo("password", message=_l("The passwords differ."))]
    )

    def require_password(self) -> None:
        """Make the password fields required (facilitator invitations)."""
        self.password.validators = [
            DataRequired(),
            Length(min=PASSWORD_MIN, max=200, message=_l("Use at least 10 characters.")),
        ]


class ConfirmForm(BaseForm):
    """A form with nothing but its CSRF token, for one-button actions."""
