"""Every form field has an accessible name of its own: a screen reader never hears two fields
called "Procesejer" or the group and the field both called "Organisation"."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from hackathon.extensions import db
from hackathon.models import Event, Person, Proposal
from tests.conftest import sign_in

FIELDS = {"input", "select", "textarea"}
SKIP_TYPES = {"hidden", "submit", "button", "radio"}  # radios are named by their group


class Names(HTMLParser):
    """Collects each form field's accessible name (aria-label, label[for], wrapping label)
    and the legend of the fieldset around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[dict] = []
        self.labels: dict[str, str] = {}
        self._label: list = []  # [for_id, text parts, wrapped field]
        self._legend: list[str] | None = None
        self.legends: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self._label = [a.get("for"), [], None]
        elif tag == "legend":
            self._legend = []
        elif tag == "fieldset":
            self.legends.append("")
        elif tag in FIELDS and a.get("type") not in SKIP_TYPES:
            field = {"id": a.get("id"), "name": a.get("name"), "aria": a.get("aria-label"),
                     "group": self.legends[-1] if self.legends else ""}
            self.fields.append(field)
            if self._label:
                self._label[2] = field

    def handle_endtag(self, tag):
        if tag == "label" and self._label:
            for_id, parts, wrapped = self._label
            text = " ".join("".join(parts).split())
            if for_id:
                self.labels[for_id] = text
            elif wrapped is not None:
                wrapped["wrapped"] = text
            self._label = []
        elif tag == "legend" and self._legend is not None:
            if self.legends:
                self.legends[-1] = " ".join("".join(self._legend).split())
            self._legend = None
        elif tag == "fieldset" and self.legends:
            self.legends.pop()

    def handle_data(self, data):
        if self._label:
            self._label[1].append(data)
        if self._legend is not None:
            self._legend.append(data)

    def named(self) -> list[tuple[str, str, str]]:
        """(field name, accessible name, group name) for each field."""
        out = []
        for f in self.fields:
            name = f["aria"] or self.labels.get(f["id"] or "") or f.get("wrapped") or ""
            out.append((f["name"], name, f["group"]))
        return out


def field_names(html: str) -> list[tuple[str, str, str]]:
    parser = Names()
    parser.feed(html)
    return parser.named()


def assert_unique_names(html: str) -> list[tuple[str, str, str]]:
    named = field_names(html)
    assert named
    assert all(name for _f, name, _g in named), [f for f in named if not f[1]]
    counts = Counter(name for _f, name, _g in named)
    assert not [n for n, c in counts.items() if c > 1], counts
    # A field is never named exactly like the group around it ("Organisation Organisation").
    assert not [f for f in named if f[2] and f[1] == f[2]], named
    return named


@pytest.fixture
def demo(app, runner):
    assert runner.invoke(args=["demo", "--stage", "decision"]).exit_code == 0
    from hackathon.demo import content

    event = db.session.scalar(select(Event).where(Event.join_code == "TVAERS26"))  # the demo event
    facilitator = db.session.scalar(
        select(Person).where(Person.email == content.FACILITATOR["email"]))
    client = app.test_client()
    sign_in(client, facilitator)
    return event, client


@pytest.mark.parametrize("lang", ["da", "en"])
def test_decision_form_names_each_process_owner_and_contact(demo, lang):
    event, client = demo
    with client.session_transaction() as session:
        session["lang"] = lang
    proposal = db.session.scalar(select(Proposal).where(Proposal.title == "God Start"))
    html = client.get(f"/events/{event.id}/results/decisions/{proposal.id}").get_data(
        as_text=True)
    names = dict((field, name) for field, name, _g in assert_unique_names(html))
    if lang == "da":
        assert names["owner_org_1"] == "Procesejer 2"
        assert names["owner_name_2"] == "Kontaktperson 3"
        assert names["owner_email_0"] == "E-mail til kontaktperson 1"
    else:
        assert names["owner_org_1"] == "Process owner 2"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_organisation_fields_are_not_named_like_their_group(demo, lang):
    event, client = demo
    with client.session_transaction() as session:
        session["lang"] = lang
    html = client.get(f"/events/{event.id}/people").get_data(as_text=True)
    named = assert_unique_names(html)
    org = [f for f in named if f[0] == "organisation_id"]
    assert org and org[0][2] == "Organisation"
    assert org[0][1] == ("Eksisterende organisation" if lang == "da" else "Existing organisation")
