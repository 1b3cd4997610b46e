"""A small Danish corpus and query set for the bank's cross-database and quality tests."""

from __future__ import annotations

from hackathon.enums import ProposalStatus
from hackathon.extensions import db
from hackathon.models import Event, Person, Proposal, ProposalAuthor

# (title, target group, problem, idea)
ENTRIES = [
    ("Madvenner", "Ensomme ældre i eget hjem",
     "Ældre borgere, der bor alene, spiser for lidt og taber sig, før nogen opdager det.",
     "Frivillige madvenner spiser med den ældre to gange om ugen; hjemmeplejen vejer borgeren."),
    ("Måltider på plejehjemmet", "Ældre på plejehjem",
     "Beboerne på plejehjemmene får ikke nok protein, og underernæring opdages sent.",
     "Køkkenet og sygeplejen screener ernæring og tilpasser måltiderne sammen med de pårørende."),
    ("Fra hospital til hjem", "Ældre medicinske patienter",
     "Efter udskrivelsen mister ældre patienter overblikket over medicin og genindlægges.",
     "En fælles udskrivningssamtale mellem hospitalet, kommunen og egen læge."),
    ("Unge på kanten", "Unge mellem 15 og 25 år uden uddannelse eller job",
     "Unge på kanten falder ud af skolen, og ingen myndighed har hele billedet.",
     "Én fast voksen følger den unge på tværs af jobcenter, skole og psykiatri."),
    ("Ungekontakten", "Unge med angst og ensomhed",
     "Unge med angst venter måneder på hjælp fra psykiatrien.",
     "Et åbent rådgivningstilbud, hvor unge kan møde en psykolog uden henvisning."),
    ("Trygge fødsler", "Sårbare gravide og deres familier",
     "Sårbare gravide skal gentage deres historie for mange fagpersoner og siger nej tak "
     "til hjælp.",
     "Et fælles opstartsmøde med jordemoder, sundhedspleje og familierådgivning."),
    ("Familiens Broer", "Familier med en psykisk syg forælder",
     "Børn i familier, hvor en forælder er psykisk syg, får hjælp for sent.",
     "Almen praksis, familierådgivningen og voksenpsykiatrien deler en fælles plan."),
    ("Diabetes i dagligdagen", "Borgere med type 2-diabetes",
     "Borgere med kronisk sygdom mødes af tre sektorer, der ikke taler sammen.",
     "Et fælles forløb mellem hospital, kommune og læge med én kontaktperson."),
    ("Sammen om KOL", "Borgere med KOL",
     "Patienter med KOL indlægges akut, fordi forværring opdages for sent.",
     "Telemedicin i hjemmet og en fælles kontaktperson i kommunen."),
    ("Lektiecafé for familier", "Børnefamilier i udsatte boligområder",
     "Børnenes skolegang lider, når forældrene ikke kan hjælpe med lektier.",
     "Frivillige fra civilsamfundet driver lektiecafé sammen med skolen."),
]

QUERIES = [
    "ældre", "ældres", "Ældre borgere", "plejehjem", "plejehjemmene", "unge", "ungdom",
    "familie", "familier", "familiernes", "gravid", "gravide", "sårbare gravide", "psykiatri",
    "psykisk syg", "hospital", "hospitalet", "kommune", "kommunerne", "læge", "KOL",
    "type 2-diabetes", "madvenner", "frivillige", "måltider", "ernæring underernæring",
    '"', '"fælles', "fælles OR kontaktperson", "NEAR(fælles plan)", "fælles* -plan",
    "'; DROP TABLE bank_entry; --", "🤰 gravide", "x" * 10_000, "", "og i på",
]


def load(policy: str = "public") -> list[Proposal]:
    """The corpus as submitted, consented proposals of one event (flushed, not indexed)."""
    event = Event(title="Korpus", bank_policy=policy)
    person = Person(name="Forfatter")
    db.session.add_all([event, person])
    db.session.flush()
    proposals = []
    for title, target_group, problem, idea in ENTRIES:
        proposal = Proposal(
            event_id=event.id, title=title, target_group=target_group, problem=problem,
            idea=idea, status=ProposalStatus.SUBMITTED, bank_consent=True,
        )
        db.session.add(proposal)
        db.session.flush()
        db.session.add(ProposalAuthor(proposal_id=proposal.id, person_id=person.id))
        proposals.append(proposal)
    db.session.flush()
    return proposals
