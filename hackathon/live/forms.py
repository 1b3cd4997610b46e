"""Forms of the live event: announcements and the projector reveal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from hackathon.forms_common import BaseForm

ANNOUNCEMENT_MAX = 280  # the column's length (Announcement.message)


class AnnouncementForm(BaseForm):
    """A short message for participants' pages and the projector."""

    message = TextAreaField(
        _l("Announcement"),
        validators=[
            DataRequired(message=_l("Write the announcement before you send it.")),
            Length(
                max=ANNOUNCEMENT_MAX,
                message=_l("An announcement can be at most %(max)d characters long."),
            ),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description=_l("For example: 15 minutes left. At most 280 characters."),
    )


class RevealForm(BaseForm):
    """Start (on="y") or hide the reveal on the projector; or show the next place (all="y":
    every place at once)."""

    on = HiddenField()
    all = HiddenField()
