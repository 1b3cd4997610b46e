"""Forms of the bank: the event's policy, the team's consent, contacting owners, copying."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange

from hackathon.forms_common import BaseForm
from hackathon.models.bank import POLICIES

POLICY_LABELS = {
    "none": _l("Not shared"),
    "network": _l("Shared with signed-in people of the network"),
    "public": _l("Public (also in the open data)"),
}


class PolicyForm(BaseForm):
    """The facilitator's bank policy for an event."""

    # The radio buttons are drawn by the template (bank/_event_panel.html).
    policy = StringField(_l("Share this event's proposals in the knowledge bank"),
                         validators=[InputRequired(), AnyOf(POLICIES)])


class ConsentForm(BaseForm):
    """The team's choice for its proposal."""

    consent = BooleanField(_l("Share our proposal in the knowledge bank"))
    named = BooleanField(_l("Show our names with it"))


class ContactForm(BaseForm):
    """A message to an entry's owners (sent through the app)."""

    message = TextAreaField(_l("Your message to the team"),
                            validators=[DataRequired(), Length(max=4000)])


class CopyForm(BaseForm):
    """Start a proposal in one's own event from an entry."""

    event_id = IntegerField(_l("Your event"), validators=[InputRequired(),
                                                          NumberRange(min=1, max=2**62)])
