"""The proposal's fields (DOMAIN.md, "The proposal"): labels, guidance, limits, sections.

One registry drives the form, autosave, merging, history, exports and the submission check.
Every value travels as a string (the form's representation); ``values.py`` converts.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class ProposalField:
    """One editable field of a proposal."""

    name: str
    label: object
    help: object
    kind: str  # line | text | date | organisation | evidence_kind | goals | organisations
    max_length: int
    required: bool
    section: str
    rows: int = 4


SECTIONS = {
    "proposal": _l("The proposal"),
    "problem": _l("The problem and the citizens"),
    "idea": _l("The idea"),
    "partners": _l("Who takes part"),
    "trial": _l("First trial action"),
    "value": _l("Value"),
    "resources": _l("Resources, risks and scaling"),
}

FIELDS: tuple[ProposalField, ...] = (
    ProposalField(
        "title", _l("Working title"),
        _l("A short name the room will remember, e.g. \u201cFamiliens Broer\u201d."),
        "line", 120, True, "proposal",
    ),
    ProposalField(
        "summary", _l("Short summary"),
        _l("Two or three sentences: what changes, for whom, and who does it together."),
        "text", 1200, True, "proposal", 3,
    ),
    ProposalField(
        "target_group", _l("Target group"),
        _l("Which citizens, as precisely as you can: age, situation, where they live."),
        "text", 800, True, "proposal", 2,
    ),
    ProposalField(
        "problem", _l("The problem as citizens experience it"),
        _l("Describe the problem from the citizen's side, not the system's: what happens to "
           "them today, and what does it cost them?"),
        "text", 2500, True, "problem",
    ),
    ProposalField(
        "problem_owner_id", _l("Problem owner"),
        _l("The organisation that has the problem and will answer for it."),
        "organisation", 20, True, "problem",
    ),
    ProposalField(
        "citizen_voice", _l("Citizen involvement"),
        _l("How have citizens been involved, and how will they be? Interviews, user panels, "
           "citizens in the team \u2013 say who and how many."),
        "text", 2000, True, "problem", 3,
    ),
    ProposalField(
        "evidence", _l("Data and real cases"),
        _l("On what does the problem rest: numbers, case reviews, real citizens' stories?"),
        "text", 2000, True, "problem", 3,
    ),
    ProposalField(
        "evidence_kind", _l("Is the evidence first-hand or second-hand?"),
        _l("First-hand: citizens said it themselves. Second-hand: professionals say it about "
           "them. Second-hand statements alone are not enough."),
        "evidence_kind", 20, True, "problem",
    ),
    ProposalField(
        "idea", _l("The idea"),
        _l("What changes in the contact between the sectors? Describe what the citizen will "
           "meet that is new."),
        "text", 2500, True, "idea",
    ),
    ProposalField(
        "goals", _l("Main goals and sub-activities"),
        _l("One goal per line; put sub-activities below it on lines starting with \u201c-\u201d."),
        "goals", 2500, True, "idea", 6,
    ),
    ProposalField(
        "organisations", _l("Participating organisations and process owners"),
        _l("Every organisation that takes part. Tick those that commit to drive the work "
           "(process owners) and name a contact person for each."),
        "organisations", 4000, True, "partners",
    ),
    ProposalField(
        "trial_action_what", _l("What will be tested with citizens?"),
        _l("A trial action is a small, real test with citizens, e.g. ten families over two "
           "months."),
        "text", 1500, True, "trial", 3,
    ),
    ProposalField(
        "trial_action_where", _l("Where?"),
        _l("The place, unit or practice where the test takes place."),
        "line", 300, True, "trial",
    ),
    ProposalField(
        "trial_action_when", _l("When does it start?"),
        _l("The date the first trial action starts."), "date", 10, True, "trial",
    ),
    ProposalField(
        "value_citizens", _l("Value for citizens"),
        _l("What will be better for the citizens: quality of life, mastering their own lives?"),
        "text", 1500, True, "value", 3,
    ),
    ProposalField(
        "value_organisations", _l("Value for the organisations (business case)"),
        _l("Expenses saved or freed, and for whom. A rough estimate is fine."),
        "text", 1500, False, "value", 3,
    ),
    ProposalField(
        "measurement", _l("How will the value be measured?"),
        _l("Which numbers or observations show that it works, and when are they collected?"),
        "text", 1500, True, "value", 3,
    ),
    ProposalField(
        "resources", _l("Resources and financing"),
        _l("Hours, money and people needed, and what is already covered."),
        "text", 1500, False, "resources", 3,
    ),
    ProposalField(
        "risks", _l("Risks and barriers"),
        _l("What could stop it: law, data sharing, money, people, priorities?"),
        "text", 1500, False, "resources", 3,
    ),
    ProposalField(
        "scaling", _l("Scaling potential"),
        _l("Could it work in other municipalities, regions or practices? What would it take?"),
        "text", 1500, False, "resources", 3,
    ),
)

BY_NAME = {field.name: field for field in FIELDS}
NAMES = tuple(field.name for field in FIELDS)


def fields_by_section() -> list[tuple[str, object, list[ProposalField]]]:
    """(section key, section title, fields) in form order."""
    return [
        (key, title, [f for f in FIELDS if f.section == key]) for key, title in SECTIONS.items()
    ]
