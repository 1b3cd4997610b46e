"""Forms of the organisations page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from hackathon import labels
from hackathon.enums import Sector
from hackathon.forms_common import ORG_NAME_MAX, BaseForm


def sector_choices() -> list[SelectChoice]:
    """The sectors, after an empty "choose" option."""
    return [SelectChoice("", _l("— choose —")), *labels.choices(Sector)]


class AddOrganisationForm(BaseForm):
    """Add an organisation to the event's list: an existing one by name, or a new one."""

    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=ORG_NAME_MAX)],
        description=_l("An organisation other events already use is found by its name."),
    )
    sector = SelectField(
        _l("Sector"), choices=sector_choices(), validate_choice=False,
        description=_l("Needed for a new organisation."),
    )


class ProposeOrganisationForm(AddOrganisationForm):
    """A participant proposes an organisation that is missing from the list."""

    next = HiddenField()


class RenameOrganisationForm(BaseForm):
    """Correct an organisation's name and sector."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=ORG_NAME_MAX)])
    sector = SelectField(_l("Sector"), choices=sector_choices(), validate_choice=False)


class MergeOrganisationForm(BaseForm):
    """Merge this organisation (a duplicate) into another on the list."""

    target = SelectField(_l("Merge into"), choices=[], validate_choice=False)


class ImportOrganisationsForm(BaseForm):
    """Upload a CSV or XLSX file with the columns name and sector."""

    file = FileField(
        _l("File (CSV or XLSX)"),
        description=_l("Columns: name and sector. CSV from Excel (semicolons, Windows-1252) "
                       "is fine."),
    )


class ConfirmImportForm(BaseForm):
    """The checked rows of an import, sent back to be added."""

    rows = HiddenField()


class CopyListForm(BaseForm):
    """Copy the list of another event the facilitator runs."""

    source = SelectField(_l("Copy the list of"), choices=[], validate_choice=False)
