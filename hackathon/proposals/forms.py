"""Small forms around proposals (the proposal form itself is built from ``fields.py``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import DataRequired, Length

from hackathon.auth.forms import normalise_join_code
from hackathon.forms_common import BaseForm


class StartProposalForm(BaseForm):
    """Start a new proposal with a working title."""

    title = StringField(
        _l("Working title"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("You can change it later."),
    )


class TeamCodeForm(BaseForm):
    """Join a team with the code another author shares."""

    code = StringField(
        _l("Team code"),
        # Room for the dashes and spaces it is shown with (ABCD-EFGH-JKMN); they are dropped.
        validators=[DataRequired(), Length(min=6, max=40)],
        filters=[normalise_join_code],
        description=_l("Ask a team member: the code is on their proposal page."),
    )


class ReopenForm(BaseForm):
    """A facilitator reopens one proposal after the deadline."""

    until = DateTimeLocalField(
        _l("Open for changes until"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )
