"""Forms of the results and decision pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from hackathon import labels
from hackathon.enums import Outcome
from hackathon.forms_common import BaseForm

TEXT_MAX = 4000
PROCESS_OWNER_ROWS = 3


class AdoptForm(BaseForm):
    """Adopt the sandbox's weighting as the official ranking, with a reason."""

    method = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(
        _l("Why the group adopts this weighting"),
        validators=[DataRequired(), Length(max=TEXT_MAX)],
        render_kw={"rows": 3},
    )


class ToggleForm(BaseForm):
    """On or off."""

    on = BooleanField()


class DecisionForm(BaseForm):
    """The decision on one proposal."""

    version = IntegerField(validators=[InputRequired()])
    outcome = RadioField(_l("Outcome"), choices=labels.choices(Outcome),
                         validators=[InputRequired()])
    rationale = TextAreaField(
        _l("Rationale"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("Why: what the group weighed. The team reads this."),
        render_kw={"rows": 4},
    )
    justification = TextAreaField(
        _l("Justification for selecting outside the top of the ranking"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("Required when the proposal is selected although it is not in the "
                       "ranking's top k."),
        render_kw={"rows": 3},
    )
    merged_into = SelectField(_l("Merged into"), choices=[], validate_choice=False)
    problem_owner = SelectField(
        _l("Problem owner"), choices=[], validate_choice=False,
        description=_l("The organisation that owns the problem and answers for the trial."),
    )
    owner_org_0 = SelectField(_l("Process owner %(n)d", n=1), choices=[], validate_choice=False)
    owner_name_0 = StringField(_l("Contact person %(n)d", n=1),
                               validators=[Optional(), Length(max=120)])
    owner_email_0 = StringField(_l("Contact email %(n)d", n=1),
                                validators=[Optional(), Email(), Length(max=254)])
    owner_org_1 = SelectField(_l("Process owner %(n)d", n=2), choices=[], validate_choice=False)
    owner_name_1 = StringField(_l("Contact person %(n)d", n=2),
                               validators=[Optional(), Length(max=120)])
    owner_email_1 = StringField(_l("Contact email %(n)d", n=2),
                                validators=[Optional(), Email(), Length(max=254)])
    owner_org_2 = SelectField(_l("Process owner %(n)d", n=3), choices=[], validate_choice=False)
    owner_name_2 = StringField(_l("Contact person %(n)d", n=3),
                               validators=[Optional(), Length(max=120)])
    owner_email_2 = StringField(_l("Contact email %(n)d", n=3),
                                validators=[Optional(), Email(), Length(max=254)])
    trial_action = TextAreaField(
        _l("First trial action"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("What is tried first, where, and with whom."),
        render_kw={"rows": 3},
    )
    trial_date = DateField(_l("Date of the first trial action"), validators=[Optional()])
    confirm_over_quota = BooleanField(_l("Select it even though the quota is exceeded"))
    reason = TextAreaField(
        _l("Reason for the amendment"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("The decision is published: the change is recorded with this reason."),
        render_kw={"rows": 2},
    )


class PublishForm(BaseForm):
    """Publish the staged decisions; confirm when more than the quota are selected."""

    confirm_over_quota = BooleanField(_l("Publish even though more proposals than the quota "
                                         "are selected"))
