"""Forms of the prototype pages. Numbers are read by ``hackathon.parsing`` ("0,5" and "0.5");
the rules that span fields live in the services and come back as field error codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hackathon import labels
from hackathon.enums import (
    DiaStage,
    IndicatorSide,
    LearningTheme,
    MilestoneStatus,
    PrototypeStatus,
    TrialActionStatus,
)
from hackathon.forms_common import BaseForm

TEXT_MAX = 4000
SHORT_MAX = 200


def _text(label, description=None, rows=3, required=False):
    return TextAreaField(label, validators=[DataRequired() if required else Optional(),
                                            Length(max=TEXT_MAX)],
                         description=description, render_kw={"rows": rows})


class VersionedForm(BaseForm):
    """A form that carries the version of what it edits (optimistic locking)."""

    version = IntegerField(validators=[InputRequired()])


class ConfirmForm(BaseForm):
    """A button (CSRF only)."""


class StageForm(VersionedForm):
    """Move the prototype to another DIA stage, with a reason."""

    stage = SelectField(_l("New stage"), choices=labels.choices(DiaStage),
                        validators=[InputRequired()])
    reason = _text(_l("Why"), _l("The change is recorded as a decision with your reason."))


class StatusForm(VersionedForm):
    """Set the prototype's status, with what the status needs."""

    status = SelectField(_l("New status"), choices=labels.choices(PrototypeStatus),
                         validators=[InputRequired()])
    reason = _text(_l("Why"), _l("On standby: the reason. Stopped: what was learned. The "
                                 "change is recorded as a decision with this text."))
    restart_expected_on = DateField(_l("Expected restart (on standby)"),
                                    validators=[Optional()])
    operation_owner = SelectField(_l("Organisation running it in daily operation (in "
                                     "operation)"), choices=[], validate_choice=False)
    spread_to = SelectMultipleField(_l("Organisations it has spread to (spread)"), choices=[],
                                    validate_choice=False, render_kw={"size": 6})


class SettingsForm(VersionedForm):
    """Operation owner and the team's permission to contribute."""

    operation_owner = SelectField(
        _l("Operation owner"), choices=[], validate_choice=False,
        description=_l("The organisation that will run it in daily operation (needed for "
                       "Acceleration)."))
    team_may_contribute = BooleanField(_l("The team may add trial actions and learning notes"))


class TrialActionForm(VersionedForm):
    """A trial action, planned or done."""

    status = SelectField(_l("Status"), choices=labels.choices(TrialActionStatus),
                         validators=[InputRequired()])
    what = _text(_l("What is tried"), rows=3)
    citizen_group = StringField(
        _l("Which citizens"), validators=[Optional(), Length(max=SHORT_MAX)],
        description=_l("Describe the group, e.g. 'pregnant women in the family clinic'. "
                       "Never write citizens' names."))
    citizen_count = IntegerField(_l("Number of citizens"), validators=[Optional()],
                                 description=_l("How many citizens took part (0 or more)."))
    place = StringField(_l("Where"), validators=[Optional(), Length(max=SHORT_MAX)])
    planned_on = DateField(_l("Planned date"), validators=[Optional()])
    done_on = DateField(_l("Done on"), validators=[Optional()])
    by_whom = StringField(_l("By whom"), validators=[Optional(), Length(max=SHORT_MAX)])
    what_happened = _text(_l("What happened"))
    learned = _text(_l("What was learned"))
    citizen_input = _text(
        _l("The citizens' own words (first-hand)"),
        _l("What citizens said or wrote themselves; others' accounts belong under 'what "
           "happened'. No names."))


class MilestoneForm(BaseForm):
    """A dated milestone."""

    title = StringField(_l("Milestone"), validators=[Optional(), Length(max=SHORT_MAX)])
    due_on = DateField(_l("Due date"), validators=[Optional()])


class MilestoneStatusForm(BaseForm):
    """Mark a milestone; ``expected`` is the status the person saw."""

    expected = HiddenField()
    status = SelectField(_l("Status"), choices=labels.choices(MilestoneStatus),
                         validators=[InputRequired()])


class IndicatorForm(BaseForm):
    """An indicator of value."""

    name = StringField(_l("Indicator"), validators=[Optional(), Length(max=SHORT_MAX)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)],
                       description=_l("E.g. 'families', 'days', 'DKK'."))
    side = SelectField(_l("Whose value"), choices=labels.choices(IndicatorSide),
                       validators=[InputRequired()])
    baseline = StringField(_l("Baseline"), validators=[Optional(), Length(max=40)],
                           description=_l("A number, e.g. 0,5 or 12."))
    target = StringField(_l("Target"), validators=[Optional(), Length(max=40)])
    higher_is_better = BooleanField(_l("Higher is better"), default=True)


class MeasurementForm(BaseForm):
    """A measured value."""

    measured_on = DateField(_l("Date"), validators=[Optional()])
    value = StringField(_l("Value"), validators=[Optional(), Length(max=40)],
                        description=_l("A number, e.g. 0,5 or 12."))
    note = _text(_l("Note"), rows=2)
    trial_action = SelectField(_l("From trial action"), choices=[], validate_choice=False)


class BusinessLineForm(BaseForm):
    """Expected cost and saving of one organisation in one year."""

    organisation = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    year = IntegerField(_l("Year"), validators=[InputRequired()])
    cost = StringField(_l("Expected cost (DKK)"), validators=[Optional(), Length(max=40)])
    saving = StringField(_l("Expected saving (DKK)"), validators=[Optional(), Length(max=40)])


class FundingForm(BaseForm):
    """Money needed for one purpose."""

    purpose = StringField(_l("Purpose"), validators=[Optional(), Length(max=SHORT_MAX)])
    amount = StringField(_l("Amount (DKK)"), validators=[Optional(), Length(max=40)])
    secured = BooleanField(_l("Secured"))
    source = StringField(_l("Source"), validators=[Optional(), Length(max=SHORT_MAX)],
                         description=_l("Who pays, when secured."))


class FundingSecuredForm(BaseForm):
    """Mark a funding item secured or needed; ``expected`` is what the person saw."""

    expected = HiddenField()
    secured = HiddenField()


class NoteForm(BaseForm):
    """A learning note."""

    text = _text(_l("What was learned"), rows=4)
    themes = SelectMultipleField(_l("Themes"), choices=labels.choices(LearningTheme),
                                 validate_choice=False, option_widget=CheckboxInput(),
                                 widget=ListWidget(prefix_label=False))
    trial_action = SelectField(_l("From trial action"), choices=[], validate_choice=False)


class UpdateForm(BaseForm):
    """The two-minute update."""

    status_text = _text(_l("Where do things stand?"), rows=2)
    happened = _text(_l("What has happened since last time?"), rows=3)
    next_step = _text(_l("What is the next step?"), rows=2)


class ContactForm(BaseForm):
    """A new contact person."""

    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    organisation = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    language = SelectField(_l("Language"),
                           choices=[SelectChoice("da", "Dansk"), SelectChoice("en", "English")])
