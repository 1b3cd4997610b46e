"""Every prototype route for every role: facilitator, contact of this prototype, contact of
ANOTHER prototype, the team (with and without leave to contribute), observer, a reviewer and a
participant outside the team, a facilitator of another event, and anonymous visitors."""

from __future__ import annotations

import pytest

from hackathon.enums import IndicatorSide, Role
from hackathon.extensions import db
from hackathon.followup import records
from tests.followup.conftest import client_for

# A facilitator of another event reads every prototype (as on the portfolio board), and
# changes nothing.
READ = {"facilitator", "contact", "team", "team_contributing", "observer", "other_facilitator"}
RECORD = {"facilitator", "contact"}
CONTRIBUTE = RECORD | {"team_contributing"}
MANAGE = {"facilitator"}
ROLES = ("anonymous", "participant", "reviewer", "observer", "facilitator",
         "other_facilitator", "contact", "other_contact", "team", "team_contributing")

# (method, path, roles allowed); {p} the prototype, {t} its first trial action, {m} a
# milestone, {i} an indicator, {b} a business case line, {f} a funding item, {c} a contact.
ROUTES = [
    ("GET", "/prototypes/{p}", READ),
    ("GET", "/prototypes/{p}/stage", MANAGE),
    ("POST", "/prototypes/{p}/stage", MANAGE),
    ("GET", "/prototypes/{p}/status", MANAGE),
    ("POST", "/prototypes/{p}/status", MANAGE),
    ("GET", "/prototypes/{p}/settings", MANAGE),
    ("POST", "/prototypes/{p}/settings", MANAGE),
    ("GET", "/prototypes/{p}/contacts", MANAGE),
    ("POST", "/prototypes/{p}/contacts", MANAGE),
    ("GET", "/prototypes/{p}/trial-actions/new", CONTRIBUTE),
    ("POST", "/prototypes/{p}/trial-actions/new", CONTRIBUTE),
    ("GET", "/prototypes/{p}/trial-actions/{t}", RECORD),
    ("POST", "/prototypes/{p}/trial-actions/{t}", RECORD),
    ("GET", "/prototypes/{p}/milestones/new", RECORD),
    ("POST", "/prototypes/{p}/milestones/new", RECORD),
    ("POST", "/prototypes/{p}/milestones/{m}/status", RECORD),
    ("GET", "/prototypes/{p}/indicators/new", RECORD),
    ("POST", "/prototypes/{p}/indicators/new", RECORD),
    ("GET", "/prototypes/{p}/indicators/{i}/measurements/new", RECORD),
    ("POST", "/prototypes/{p}/indicators/{i}/measurements/new", RECORD),
    ("GET", "/prototypes/{p}/business-case/new", RECORD),
    ("POST", "/prototypes/{p}/business-case/new", RECORD),
    ("GET", "/prototypes/{p}/funding/new", RECORD),
    ("POST", "/prototypes/{p}/funding/new", RECORD),
    ("POST", "/prototypes/{p}/funding/{f}/secured", RECORD),
    ("GET", "/prototypes/{p}/notes/new", CONTRIBUTE),
    ("POST", "/prototypes/{p}/notes/new", CONTRIBUTE),
    ("GET", "/prototypes/{p}/update", RECORD),
    ("POST", "/prototypes/{p}/update", RECORD),
    # Destructive ones last.
    ("POST", "/prototypes/{p}/business-case/{b}/remove", RECORD),
    ("POST", "/prototypes/{p}/funding/{f}/remove", RECORD),
    ("POST", "/prototypes/{p}/contacts/{c}/reissue", MANAGE),
    ("POST", "/prototypes/{p}/contacts/{c}/revoke", MANAGE),
]


def _actor(world, role, make_event, make_person):
    event = world.event
    if role == "anonymous":
        return None
    if role == "facilitator":
        return world.facilitator
    if role == "other_facilitator":
        return make_event(title="Another event").test_facilitator
    if role == "contact":
        return world.contacts["God Start"]
    if role == "other_contact":
        return world.contacts["Familiens Broer"]
    if role in ("team", "team_contributing"):
        return world.participant
    return make_person(event, Role(role))


@pytest.mark.parametrize("role", ROLES)
def test_prototype_routes_per_role(app, published, make_event, make_person, role):
    world = published()
    prototype = world.prototypes["God Start"]
    actor = world.facilitator
    milestone = records.add_milestone(prototype=prototype, actor=actor, title="Aftale på plads",
                                      due_on=prototype.trial_actions[0].planned_on)
    indicator = records.add_indicator(prototype=prototype, actor=actor, values={
        "name": "Familier i forløb", "unit": "familier", "side": IndicatorSide.CITIZENS,
        "target": 10.0})
    line = records.add_business_line(prototype=prototype, actor=actor,
                                     organisation_id=world.kommune.id, year=2027, cost=1,
                                     saving=2)
    item = records.add_funding_item(prototype=prototype, actor=actor, purpose="Evaluering",
                                    amount=150_000, secured=False, source="")
    prototype.team_may_contribute = role == "team_contributing"
    db.session.commit()
    ids = {"p": prototype.id, "t": prototype.trial_actions[0].id, "m": milestone.id,
           "i": indicator.id, "b": line.id, "f": item.id, "c": prototype.contacts[0].id}
    client = client_for(app, _actor(world, role, make_event, make_person))
    for method, path, allowed in ROUTES:
        url = path.format(**ids)
        response = client.open(url, method=method, data={})
        where = f"{role} {method} {url}: {response.status_code}"
        if role == "anonymous":
            assert response.status_code == 302 and "/login" in response.location, where
        elif role in allowed:
            assert response.status_code in (200, 302, 400, 409, 422), where
            if response.status_code == 302:
                assert "/login" not in response.location, where
        else:
            assert response.status_code == 403, where


@pytest.mark.parametrize("role", ROLES)
def test_event_list_shows_only_readable_prototypes(app, published, make_event, make_person,
                                                   role):
    world = published()
    client = client_for(app, _actor(world, role, make_event, make_person))
    response = client.get(f"/events/{world.event.id}/prototypes")
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.location
        return
    if role in ("other_facilitator", "reviewer", "contact", "other_contact"):
        # Contacts reach their own prototype directly; they have no role in the event.
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    readable = role in ("facilitator", "observer", "team", "team_contributing")
    assert ("God Start" in html) is readable
    assert ("Familiens Broer" in html) is readable


def test_a_contact_of_one_prototype_has_no_rights_in_another(app, published):
    world = published()
    other = world.prototypes["Familiens Broer"]
    client = client_for(app, world.contacts["God Start"])
    assert client.get(f"/prototypes/{other.id}").status_code == 403
    response = client.post(f"/prototypes/{other.id}/trial-actions/new",
                           data={"version": "0", "status": "planned", "what": "Snydeforsøg"})
    assert response.status_code == 403
    assert all(t.what != "Snydeforsøg" for t in other.trial_actions)
