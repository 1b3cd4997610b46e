"""Form pieces shared by several capabilities."""

from __future__ import annotations

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from hackathon import labels
from hackathon.enums import Sector
from hackathon.extensions import db
from hackathon.models import Organisation
from hackathon.parsing import parse_id

NAME_MAX = 120
ORG_NAME_MAX = 200

# WTForms ships no Danish catalogue, so its built-in messages are translated in ours. They are
# listed here so that extraction (`make extract-messages`) finds them.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid email address."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Invalid input."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _nl(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        2,
    ),
    _nl(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        2,
    ),
)


class _BabelTranslations:
    """WTForms' translations interface, answered from the app's own catalogue."""

    def gettext(self, string: str) -> str:
        """Translate without formatting (WTForms formats the result itself)."""
        return get_translations().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a plural form without formatting."""
        return get_translations().ngettext(singular, plural, n)


_TRANSLATIONS = _BabelTranslations()


class BaseForm(FlaskForm):
    """Base of every form: CSRF from Flask-WTF, messages in the person's language."""

    class Meta:
        """Use the app's catalogue for WTForms' own messages."""

        def get_translations(self, form):
            """The translations object WTForms asks for its messages."""
            return _TRANSLATIONS


def organisation_choices(event=None, person=None, keep=()) -> list[SelectChoice]:
    """Organisations for a select field, labelled with their sector: ``event``'s list as
    ``person`` may choose from it (its active ones, those the person proposed, and the ids in
    ``keep``, the values already chosen); every organisation when no event is given."""
    from hackathon.organisations.queries import offered  # models -> queries -> forms

    if event is not None:
        rows = offered(event, person, keep)
    else:
        rows = db.session.scalars(select(Organisation).order_by(Organisation.name))
    return [SelectChoice("", _l("— choose —"))] + [
        SelectChoice(str(org.id), f"{org.name} ({labels.label(org.sector)})") for org in rows
    ]


class OrganisationFieldsMixin:
    """Pick an existing organisation, or name a new one with its sector."""

    organisation_id = SelectField(_l("Existing organisation"), choices=[], validate_choice=False)
    new_organisation = StringField(
        _l("…or a new organisation"),
        validators=[Optional(), Length(max=ORG_NAME_MAX)],
        description=_l("Only if yours is not in the list."),
    )
    new_organisation_sector = SelectField(
        _l("Sector of the new organisation"),
        choices=[SelectChoice("", _l("— choose —")), *labels.choices(Sector)],
        validate_choice=False,
    )

    def load_organisation_choices(self, event=None, person=None, keep=()) -> None:
        """Fill the select with ``event``'s organisations as ``person`` may choose them (see
        ``organisation_choices``); call before validate."""
        self.organisation_id.choices = organisation_choices(event, person, keep)

    def validate_organisation_id(self, field) -> None:
        """Require exactly one way of naming the organisation, from the offered list."""
        if field.data:
            org_id = parse_id(field.data)
            offered = {c.value for c in self.organisation_id.choices if c.value}
            if org_id is None or str(org_id) not in offered:
                raise ValidationError(_l("Choose an organisation from the list."))
            return
        if not (self.new_organisation.data or "").strip():
            raise ValidationError(_l("Choose your organisation, or write the name of a new one."))

    def validate_new_organisation_sector(self, field) -> None:
        """A new organisation needs a known sector."""
        if self.organisation_id.data or not (self.new_organisation.data or "").strip():
            return
        if field.data not in {s.value for s in Sector}:
            raise ValidationError(_l("Choose the sector of the new organisation."))
