"""Forms of the qualification round (the scoring form is built from the model in the view)."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from hackathon.forms_common import BaseForm
from hackathon.models import ASSIGN_ALL, ASSIGN_K, VISIBILITIES
from hackathon.parsing import ParseError, parse_number
from hackathon.scoring import ScoringModel

MAX_WEIGHT = 1000.0


def parse_weights(
    model: ScoringModel,
    source: Mapping[str, str],
    prefix: str,
    fallback: Mapping[str, float] | None = None,
) -> tuple[dict[str, float], dict[str, str]]:
    """Weights typed as ``<prefix><criterion key>`` (decimal comma allowed): (weights, errors
    per criterion). An empty value takes ``fallback``'s weight when given, else is an error."""
    weights, errors = {}, {}
    for criterion in model.criteria:
        raw = (source.get(f"{prefix}{criterion.key}") or "").strip()
        if not raw and fallback is not None:
            weights[criterion.key] = fallback[criterion.key]
            continue
        try:
            value = parse_number(raw)
        except ParseError:
            errors[criterion.key] = _("Write a number, e.g. 0.4 or 2.")
            continue
        if not 0 < value <= MAX_WEIGHT:
            errors[criterion.key] = _("A weight must be above 0 and at most 1000.")
            continue
        weights[criterion.key] = value
    return weights, errors

VISIBILITY_LABELS = {
    "never": _l("Never: reviewers only see their own scores"),
    "after_own": _l("After their own review of the proposal is complete (recommended)"),
    "always": _l("Always"),
}


class RoundSettingsForm(BaseForm):
    """How the round runs: model, independence and assignment."""

    scoring_model_key = SelectField(_l("Scoring model"), choices=[])
    visibility = RadioField(
        _l("When may reviewers see each other's scores?"),
        choices=[SelectChoice(v, VISIBILITY_LABELS[v]) for v in VISIBILITIES],
        default="after_own",
    )
    assignment = RadioField(
        _l("Who reviews what?"),
        choices=[
            SelectChoice(ASSIGN_ALL, _l("Every reviewer reviews every submitted proposal")),
            SelectChoice(ASSIGN_K, _l("Each proposal gets a fixed number of reviewers")),
        ],
        default=ASSIGN_ALL,
    )
    reviewers_per_proposal = IntegerField(
        _l("Reviewers per proposal"), default=3,
        validators=[DataRequired(), NumberRange(min=1, max=20,
                                                message=_l("Choose a number from 1 to 20."))],
    )
    reviewer_cap = IntegerField(
        _l("At most this many proposals per reviewer (optional)"),
        validators=[Optional(), NumberRange(min=1, max=500,
                                            message=_l("Choose a number from 1 to 500."))],
    )


class ReasonForm(BaseForm):
    """A reason, for declaring or overriding a conflict of interest."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)],
                           render_kw={"rows": 2})


class ToggleForm(BaseForm):
    """On or off (reveal scores, release feedback)."""

    on = BooleanField()


class CloseRoundForm(BaseForm):
    """Close the round; confirm when reviews are unfinished."""

    confirm_unfinished = BooleanField(_l("Close the round even though reviews are unfinished"))


class AllowRolesForm(BaseForm):
    """Let one person be both reviewer and participant, with a reason for the audit log."""

    person_id = SelectField(_l("Person"), coerce=int, choices=[],
                            validate_choice=True)
    reason = TextAreaField(_l("Why may this person be both?"),
                           validators=[DataRequired(), Length(max=1000)], render_kw={"rows": 2})
