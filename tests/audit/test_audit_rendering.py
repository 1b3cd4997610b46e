"""Every kind of audit entry reads as words in the log, with no empty placeholders.

Two halves: every ``record(...)`` call in the code base stores exactly the detail keys the log's
reader expects (hackathon/audit/describe.DETAILS), checked on the source; and a whole event,
played through the real routes and services, writes every kind of entry, and the log page
renders each in Danish without "None", "?", a dangling "–" or a blank cell.
"""

from __future__ import annotations

import ast
import html as html_lib
import re
from pathlib import Path

from sqlalchemy import select

from hackathon.audit.describe import DESCRIBERS, DETAILS, describe
from hackathon.audit.services import ACTIONS
from hackathon.enums import Phase
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.models import AuditEntry, Organisation
from hackathon.review import queries as review_queries
from hackathon.review import services as review_services
from tests.results.conftest import decision_event, decision_form  # noqa: F401
from tests.review.conftest import make_round  # noqa: F401

PACKAGE = Path(__file__).resolve().parents[2] / "hackathon"
BASE_KEYWORDS = {"event", "actor", "action", "proposal"}


def _record_calls() -> list[tuple[str, str, set[str]]]:
    """(file:line, action, detail keys) for every audit ``record(...)`` call in the package."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            keywords = {k.arg: k.value for k in node.keywords}
            if name != "record" or "action" not in keywords:
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            assert None not in keywords, f"{where}: details passed with ** cannot be checked"
            action = keywords["action"]
            assert isinstance(action, ast.Constant), f"{where}: the action must be a literal"
            found.append((where, action.value, set(keywords) - BASE_KEYWORDS))
    return found


def test_every_record_call_stores_the_details_the_log_reads():
    calls = _record_calls()
    assert calls, "no audit record(...) call found: the scan is broken"
    for where, action, keys in calls:
        assert action in ACTIONS, f"{where}: action {action!r} is not in audit.services.ACTIONS"
        assert action in DESCRIBERS, f"{where}: the log has no wording for {action!r}"
        assert keys == DETAILS[action], (
            f"{where}: {action!r} stores {sorted(keys)}, the log reads {sorted(DETAILS[action])}"
        )


def test_every_known_action_is_written_somewhere_and_has_wording():
    written = {action for _where, action, _keys in _record_calls()}
    assert written == set(ACTIONS) == set(DESCRIBERS) == set(DETAILS)


# --- a whole event, then the log page --------------------------------------------------------


def _owners():
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Slagelse Kommune"))
    return {"problem_owner": org.id, "owner_org_0": org.id, "owner_name_0": "Ane Jensen",
            "owner_email_0": "ane@example.org"}


def _play_every_kind_of_entry(decided, client):
    """Phase, score (first, changed, abstained), release (feedback, results), weighting,
    decision (staged, changed), publish, amendment, reveal (on, off), roles."""
    event, proposals = decided.event, decided.proposals
    model = review_queries.scoring_model(event)
    first = model.criterion_keys[0]
    # A reviewer changes one score, then abstains on it: "4 → 2", "2 → abstained".
    for value in (2, None):
        review_services.save_review(
            event=event, proposal=proposals["Børnene med"], reviewer=decided.reviewers[1],
            scores={first: value}, comment_internal="", comment_team="", complete=True,
            model=model,
        )
    db.session.commit()
    change_phase(event=event, to_phase=Phase.DECISION, actor=event.test_facilitator,
                 confirm_back=False, confirmed=True)
    db.session.commit()
    base = f"/events/{event.id}"
    assert client.post(f"{base}/review/feedback", data={"on": "y"}).status_code == 302
    assert client.post(f"{base}/results/release", data={"on": "y"}).status_code == 302
    assert client.post(f"{base}/results/release", data={}).status_code == 302
    weights = {f"w_{key}": "1" for key in model.criterion_keys}
    assert client.post(f"{base}/results/what-if/adopt",
                       data={**weights, "method": "wsm",
                             "reason": "Styregruppen vægter kriterierne lige"}).status_code == 302

    def decide(title, version=0, **fields):
        url = f"{base}/results/decisions/{proposals[title].id}"
        response = client.post(url, data=decision_form(version, **fields))
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    decide("God Start", **_owners())
    decide("Familiens Broer", outcome="waitlist", rationale="Tæt på")
    decide("Familiens Broer", version=1, **_owners())  # waitlist -> selected
    decide("Børnene med", outcome="waitlist", rationale="Tæt på")
    assert client.post(f"{base}/results/decisions/publish", data={}).status_code == 302
    decide("Børnene med", version=1, outcome="not_selected", rationale="Alligevel ikke",
           reason="Partneren trak sig")
    for on in ("y", "n"):
        assert client.post(f"{base}/live/reveal", data={"on": on}).status_code == 302
    # The knowledge bank: the facilitators share the event with the network.
    assert client.post(f"{base}/bank-policy", data={"policy": "network"}).status_code == 302
    # One reviewer may also be a participant (the facilitator's recorded exception).
    assert client.post(f"{base}/review/roles",
                       data={"person_id": decided.reviewers[0].id,
                             "reason": "Hun er også med i et hold"}).status_code == 302
    # The event's organisations: added, renamed, a duplicate merged, imported, one removed.
    orgs = f"{base}/organisations"

    def org_id(name):
        return db.session.scalar(select(Organisation.id).where(Organisation.name == name))

    for name in ("Køge Komune", "Køge Kommune"):
        assert client.post(orgs, data={"name": name, "sector": "municipality"}).status_code == 302
    assert client.post(f"{orgs}/{org_id('Køge Komune')}",
                       data={"name": "Køge Kommunne", "sector": "municipality"}).status_code == 302
    assert client.post(f"{orgs}/{org_id('Køge Kommunne')}/merge",
                       data={"target": org_id("Køge Kommune")}).status_code == 302
    assert client.post(f"{orgs}/import/confirm",
                       data={"rows": '[["Roskilde Bibliotek", "other"]]'}).status_code == 302
    assert client.post(f"{orgs}/{org_id('Roskilde Bibliotek')}/remove").status_code == 302


ROW = re.compile(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>"
                 r"\s*<td>(.*?)</td>\s*</tr>", re.S)


def _text(cell: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


def test_every_audit_entry_type_renders_in_words_without_placeholders(app, as_role,
                                                                       decision_event):  # noqa: F811
    decided = decision_event(phase=Phase.QUALIFICATION)
    client = as_role("facilitator", decided.event)
    _play_every_kind_of_entry(decided, client)
    written = set(db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.event_id == decided.event.id)))
    assert written == set(ACTIONS), "the scenario must write every kind of entry"

    page = client.get(f"/events/{decided.event.id}/audit")
    assert page.status_code == 200
    rows = [[_text(cell) for cell in row] for row in ROW.findall(page.get_data(as_text=True))]
    assert len(rows) == db.session.query(AuditEntry).count()
    for when, who, what, _proposal, details in rows:
        assert when and who and what and details, (what, details)
        for placeholder in ("None", "?", "{", "%(", "[", "-", "–"):
            assert not details.startswith(placeholder) and not details.endswith(placeholder), \
                (what, details)
        assert "None" not in details and "→ ·" not in details and "– fra" not in details, \
            (what, details)
        assert not re.search(r"(^|\s)[-–?](\s|$)", details), (what, details)
    details = {row[4] for row in rows}
    expected = {
        "Afsløring": {"afsløringen på projektoren er startet (2 pladser)",
                      "resultaterne er skjult på projektoren"},
        "Roller": {"Bedømmer Kommune må være både bedømmer og deltager Hun er også med i et hold"},
        "Frigivelse": {"bedømmernes kommentarer er frigivet til holdene",
                       "resultaterne er frigivet til bedømmere og observatører",
                       "resultaterne er trukket tilbage fra bedømmere og observatører"},
        "Offentliggørelse": {"2 af 2 valgt"},
        "Ændring": {"Venteliste → Ikke udvalgt Partneren trak sig"},
        "Organisationer": {"Organisationen Køge Komune oprettet og føjet til listen",
                           "Organisation omdøbt: Køge Komune → Køge Kommunne",
                           "Køge Kommunne flettet ind i Køge Kommune (0 henvisninger flyttet)",
                           "1 organisationer importeret",
                           "Organisationen Roskilde Bibliotek fjernet fra listen"},
    }
    for what, texts in expected.items():
        assert texts <= details, (what, texts - details)
    for text in ("udkast: Udvalgt", "Venteliste → Udvalgt", "Kvalificering → Beslutning",
                 "WSM: Gennemførlighed 1", "Styregruppen vægter kriterierne lige",
                 "Gennemførlighed: 4 → 2", "Gennemførlighed: 2 → undlod"):
        assert any(text in d for d in details), text
    # A first score has no "before" and reads as just the value.
    assert any(re.search(r"Gennemførlighed: \d, ", d) for d in details)


def test_blind_round_names_changed_criteria_without_values(app, as_role,
                                                           decision_event):  # noqa: F811
    decided = decision_event(phase=Phase.QUALIFICATION)
    client = as_role("facilitator", decided.event)
    page = client.get(f"/events/{decided.event.id}/audit?action=score").get_data(as_text=True)
    rows = [[_text(cell) for cell in row] for row in ROW.findall(page)]
    assert rows
    for row in rows:
        assert row[4].startswith("ændret: Gennemførlighed") and "→" not in row[4]
        assert row[4].endswith("· færdig")


def test_reveal_entry_written_before_the_fix_still_reads_right(app):
    # An entry may carry "revealed" (the name the page used to read); both read the same.
    for details in ({"shown": True, "where": "projector"}, {"revealed": True}):
        line = describe("reveal", details, criterion=str, show_scores=True)
        assert line.summary == "resultaterne vises på projektoren"


def test_unknown_action_reads_as_its_name_never_blank(app):
    line = describe("something_new", {"x": 1}, criterion=str, show_scores=True)
    assert line.summary == "something_new" and line.note == ""
