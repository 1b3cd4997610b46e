"""Forms for events, phases and invitations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from hackathon import labels
from hackathon.enums import Phase, Role
from hackathon.forms_common import NAME_MAX, BaseForm, OrganisationFieldsMixin

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class EventForm(BaseForm):
    """Title, practicalities, deadlines, quota and scoring model of an event."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    theme = StringField(
        _l("Theme"),
        validators=[Optional(), Length(max=200)],
        description=_l("For example: Early help for vulnerable families."),
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 5}
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    starts_at = DateTimeLocalField(
        _l("Starts"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    ends_at = DateTimeLocalField(_l("Ends"), format=DATETIME_FORMAT, validators=[Optional()])
    submission_deadline = DateTimeLocalField(
        _l("Submission deadline"),
        format=DATETIME_FORMAT,
        validators=[Optional()],
        description=_l("After this time teams can no longer change their proposals."),
    )
    review_deadline = DateTimeLocalField(
        _l("Review deadline"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    selection_quota = IntegerField(
        _l("Proposals to select for testing"),
        default=2,
        validators=[
            InputRequired(),
            NumberRange(min=1, max=100, message=_l("Choose a number from 1 to 100.")),
        ],
    )
    scoring_model_key = SelectField(_l("Scoring model"), choices=[], validate_choice=True)
    checkin_weeks = IntegerField(
        _l("Ask the prototypes' contacts for an update every (weeks)"),
        default=4,
        validators=[
            Optional(),
            NumberRange(min=1, max=52, message=_l("Give a number of weeks from 1 to 52.")),
        ],
        description=_l("After the decision: how often the follow-up asks for a two-minute "
                       "update (empty: every 4 weeks). A prototype without an update for 60 "
                       "days is shown as silent."),
    )

    def validate_ends_at(self, field) -> None:
        """An event cannot end before it starts."""
        if field.data and self.starts_at.data and field.data < self.starts_at.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate_review_deadline(self, field) -> None:
        """Reviews come after submission."""
        submission = self.submission_deadline.data
        if field.data and submission and field.data < submission:
            raise ValidationError(_l("The review deadline must be after the submission deadline."))


class PhaseForm(BaseForm):
    """Move the event to another phase; going back needs a confirmation."""

    to_phase = HiddenField(validators=[DataRequired()])
    confirm_back = BooleanField(_l("Yes, go back to the earlier phase"))

    def validate_to_phase(self, field) -> None:
        """Only known phases."""
        if field.data not in {p.value for p in Phase}:
            raise ValidationError(_l("Unknown phase."))


class InvitationCreateForm(OrganisationFieldsMixin, BaseForm):
    """Invite a reviewer, observer or co-facilitator by personal link."""

    role = SelectField(
        _l("Role"),
        choices=labels.choices(Role, [Role.REVIEWER, Role.OBSERVER, Role.FACILITATOR]),
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("Required for facilitators, who sign in with email and password."),
    )

    def validate(self, extra_validators=None) -> bool:
        """Also require an email for a co-facilitator, who signs in with it.

        (A ``validate_email`` method would never run: ``Optional`` stops the chain first.)
        """
        valid = super().validate(extra_validators)
        if self.role.data == Role.FACILITATOR.value and not self.email.data:
            self.email.errors = [*self.email.errors, _l("A facilitator needs an email address.")]
            valid = False
        return valid

    def validate_organisation_id(self, field) -> None:
        """The organisation is optional here: only validate it when given."""
        if field.data or (self.new_organisation.data or "").strip():
            super().validate_organisation_id(field)
