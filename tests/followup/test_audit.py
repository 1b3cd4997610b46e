"""Every kind of change to a prototype is in the event's audit log, in Danish words."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from hackathon.enums import MilestoneStatus
from hackathon.extensions import db
from hackathon.models import AuditEntry
from tests.audit.test_audit_rendering import ROW, _text
from tests.followup.conftest import client_for


def test_every_prototype_change_is_logged_in_words(app, published):
    world = published()
    prototype = world.prototypes["God Start"]
    p = f"/prototypes/{prototype.id}"
    facilitator = client_for(app, world.facilitator)
    contact = client_for(app, world.contacts["God Start"])
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    trial = prototype.trial_actions[0]
    posts = [
        (contact, f"{p}/trial-actions/{trial.id}", {
            "version": trial.version, "status": "done", "what": trial.what,
            "citizen_count": "6", "done_on": yesterday, "learned": "Møder ét sted virker"}),
        (contact, f"{p}/milestones/new", {"title": "Aftale med lægerne", "due_on": yesterday}),
        (contact, f"{p}/indicators/new", {"name": "Familier i forløb", "unit": "familier",
                                          "side": "citizens", "target": "10"}),
        (contact, f"{p}/business-case/new", {"organisation": str(world.kommune.id),
                                             "year": "2027", "cost": "100000",
                                             "saving": "300000"}),
        (contact, f"{p}/funding/new", {"purpose": "Evaluering", "amount": "150000"}),
        (contact, f"{p}/notes/new", {"text": "Borgerne vil mødes ét sted",
                                     "themes": ["citizen_voice"]}),
        (contact, f"{p}/update", {"status_text": "Godt i gang"}),
        (facilitator, f"{p}/settings", {"version": prototype.version,
                                        "operation_owner": str(world.kommune.id)}),
        (facilitator, f"{p}/contacts", {"name": "Bo Berg", "language": "da"}),
    ]
    for client, url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code == 302, (url, response.get_data(as_text=True)[:3000])
        db.session.expire_all()
    milestone = prototype.milestones[0]
    indicator = prototype.indicators[0]
    for client, url, data in [
        (contact, f"{p}/milestones/{milestone.id}/status",
         {"expected": "planned", "status": MilestoneStatus.DONE.value}),
        (contact, f"{p}/indicators/{indicator.id}/measurements/new",
         {"measured_on": yesterday, "value": "4,5"}),
        (contact, f"{p}/funding/{prototype.funding_items[0].id}/secured",
         {"expected": "0", "secured": "1"}),
        (facilitator, f"{p}/stage", {"version": prototype.version, "stage": "incubation",
                                     "reason": "Første test gik godt"}),
        (facilitator, f"{p}/status", {"version": prototype.version + 1, "status": "stopped",
                                      "reason": "Lært: lægerne skal med fra start"}),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 302, (url, response.get_data(as_text=True)[:3000])
        db.session.expire_all()
    changes = {e.details["change"] for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "prototype"))}
    assert changes == {"created", "contact", "trial_action", "milestone", "indicator",
                       "measurement", "business_case", "funding", "note", "update",
                       "settings", "stage", "status"}
    page = facilitator.get(f"/events/{world.event.id}/audit?action=prototype")
    rows = [" ".join(_text(c) for c in row) for row in ROW.findall(page.get_data(as_text=True))]
    text = "\n".join(rows)
    for words in ("prøvehandling ændret (Planlagt → Gennemført)", "milepæl tilføjet",
                  "milepæl ændret (Planlagt → Nået)", "indikator tilføjet",
                  "måling 4.5 tilføjet", "linje i business casen tilføjet",
                  "finansieringspost ændret (mangler stadig → sikret)", "læringsnote tilføjet",
                  "opdatering tilføjet", "driftsejer og holdets adgang ændret",
                  "kontaktperson tilføjet", "kontaktperson ændret (inviteret → link åbnet)",
                  "fase Discovery → Inkubation", "Lært: lægerne skal med fra start"):
        assert words in text, words
    assert not re.search(r"\b(None|planned|done|secured|needed)\b", text)
