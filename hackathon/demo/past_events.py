"""Two earlier (invented) events of the network for the knowledge bank's demo: elderly people's
meals (2024, public) and young people on the edge (2025, shared with the network), with
proposals, published decisions, prototypes, trial actions, indicators and learning notes.
Written directly as finished records (the events are over); flushes, the caller commits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from hackathon.auth.services import create_person, get_or_create_organisation
from hackathon.bank.index import refresh_entry
from hackathon.enums import (
    DiaStage,
    IndicatorSide,
    Outcome,
    Phase,
    ProposalStatus,
    PrototypeStatus,
    Sector,
    TrialActionStatus,
)
from hackathon.extensions import db
from hackathon.models import (
    Decision,
    Event,
    Indicator,
    LearningNote,
    Proposal,
    ProposalAuthor,
    ProposalOrganisation,
    Prototype,
    TrialAction,
)

ORGS = {
    "naestved": ("Næstved Kommune", Sector.MUNICIPALITY),
    "slagelse": ("Slagelse Kommune", Sector.MUNICIPALITY),
    "gladsaxe": ("Gladsaxe Kommune", Sector.MUNICIPALITY),
    "rsj": ("Region Sjælland", Sector.REGION),
    "rh": ("Region Hovedstaden", Sector.REGION),
    "nsr": ("Næstved, Slagelse og Ringsted Sygehuse", Sector.HOSPITAL),
    "plo": ("PLO-Sjælland", Sector.GENERAL_PRACTICE),
    "rodekors": ("Røde Kors", Sector.CIVIL_SOCIETY),
    "ucabsalon": ("Professionshøjskolen Absalon", Sector.KNOWLEDGE_INSTITUTION),
}

EVENTS = [
    {
        "title": "Mad og fællesskab for ældre 2024", "policy": "public",
        "starts": datetime(2024, 3, 12, 8), "join_code": "PASTMAD24A",
        "proposals": [
            {
                "title": "Madvenner", "owner": "naestved", "orgs": ["naestved", "rodekors",
                                                                     "plo"],
                "named": True, "authors": ["Birgit Holm", "Ahmad Karimi"],
                "summary": "Frivillige madvenner spiser med ensomme ældre, og hjemmeplejen "
                           "holder øje med vægten.",
                "target_group": "Ensomme ældre over 75 år i eget hjem",
                "problem": "Ældre, der bor alene, spiser for lidt og taber sig, før nogen "
                           "opdager det. Underernæring fører til fald og indlæggelser.",
                "idea": "En frivillig madven spiser med den ældre to gange om ugen; "
                        "hjemmeplejen vejer borgeren, og egen læge får besked ved vægttab.",
                "trial": "Ti ældre i Næstved får en madven i otte uger.",
                "value": "Færre fald og indlæggelser; mere livsglæde.",
                "outcome": Outcome.SELECTED,
                "rationale": "Stærkt borgerperspektiv og en enkel første prøvehandling.",
                "prototype": {
                    "stage": DiaStage.INCUBATION, "status": PrototypeStatus.IN_OPERATION,
                    "actions": [("Ti ældre fik en madven i otte uger", "Otte af ti holdt "
                                 "vægten; de frivillige skal have en fast kontakt i "
                                 "hjemmeplejen.")],
                    "indicators": [("Ældre der holder vægten", "andel", IndicatorSide.CITIZENS,
                                    0.4, 0.8)],
                    "notes": [("Uden en fast kontakt i hjemmeplejen faldt de frivillige fra "
                               "efter få uger. Ejerskabet skal ligge i driften fra dag ét.",
                               ["process_ownership", "organisation"]),
                              ("Vægtdata kunne ikke deles med lægen uden samtykke; vi indhenter "
                               "det nu ved første besøg.", ["law_and_data"])],
                },
            },
            {
                "title": "Måltidet på plejehjemmet", "owner": "slagelse",
                "orgs": ["slagelse", "ucabsalon"], "named": False, "authors": ["Lene Dahl"],
                "summary": "Køkken og sygepleje screener ernæring sammen.",
                "target_group": "Ældre beboere på plejehjem",
                "problem": "Beboerne får ikke nok protein, og underernæring opdages sent.",
                "idea": "Køkkenet og sygeplejen screener ernæring hver måned og tilpasser "
                        "måltiderne med de pårørende.",
                "trial": "Ét plejehjem screener alle beboere i tre måneder.",
                "value": "Bedre ernæringstilstand; færre tryksår.",
                "outcome": Outcome.WAITLIST,
                "rationale": "Godt forslag, men kun én sektor; søg samarbejde med hospitalet.",
            },
        ],
    },
    {
        "title": "Unge på kanten 2025", "policy": "network",
        "starts": datetime(2025, 4, 2, 8), "join_code": "PASTUNG25B",
        "proposals": [
            {
                "title": "Tidlig hjælp til unge gravide", "owner": "slagelse",
                "orgs": ["slagelse", "nsr", "plo"], "named": False,
                "authors": ["Maja Friis", "Jonas Berg"],
                "summary": "Unge sårbare gravide får én fast kontaktperson fra første "
                           "graviditetsundersøgelse.",
                "target_group": "Sårbare gravide under 20 år og deres familier",
                "problem": "Unge gravide skal gentage deres historie for jordemoder, læge, "
                           "sundhedsplejerske og sagsbehandler, og de er bange for en "
                           "underretning. Derfor siger nogle nej tak til hjælp, og hjælpen "
                           "kommer først, når barnet er født.",
                "idea": "Ét fælles opstartsmøde med jordemoder, sundhedspleje, "
                        "familierådgivning og egen læge, og én fast kontaktperson, til barnet "
                        "er et år.",
                "trial": "Seks unge gravide i Slagelse får et fælles opstartsmøde.",
                "value": "Tidligere hjælp; færre anbringelser.",
                "outcome": Outcome.SELECTED,
                "rationale": "Tydeligt problem fra de unges egne fortællinger; tre sektorer "
                             "står bag.",
                "prototype": {
                    "stage": DiaStage.DISCOVERY, "status": PrototypeStatus.STANDBY,
                    "actions": [("Seks unge gravide fik et fælles opstartsmøde",
                                 "De unge ville hellere mødes hos sundhedsplejersken end på "
                                 "rådhuset.")],
                    "indicators": [("Tid fra bekymring til første møde", "dage",
                                    IndicatorSide.CITIZENS, 90, 14)],
                    "notes": [("Lægerne deltog kun, når mødet lå i deres egen klinik. "
                               "Finansiering af lægernes tid mangler.", ["financing"]),
                              ("De unges egne ord ændrede mødeformen mere end vores "
                               "fagfolks antagelser.", ["citizen_voice"])],
                },
            },
            {
                "title": "Én vej ind for unge med angst", "owner": "gladsaxe",
                "orgs": ["gladsaxe", "rh"], "named": False, "authors": ["Sara Lund"],
                "summary": "Åben rådgivning, hvor unge møder en psykolog uden henvisning.",
                "target_group": "Unge mellem 15 og 25 år med angst og ensomhed",
                "problem": "Unge med angst venter måneder på hjælp fra psykiatrien og falder "
                           "ud af uddannelse imens.",
                "idea": "Kommunen og regionen driver sammen en åben rådgivning to "
                        "eftermiddage om ugen.",
                "trial": "Åben rådgivning i Gladsaxe i to måneder.",
                "value": "Færre frafald; kortere ventetid.",
                "outcome": Outcome.NOT_SELECTED,
                "rationale": "Vigtigt, men finansieringen af regionens del er uafklaret.",
            },
        ],
    },
]


def load_past_events() -> list[Event]:
    """Create the two past events (once; returns [] when they exist) and index their entries."""
    if db.session.scalar(select(Event.id).where(Event.join_code == EVENTS[0]["join_code"])):
        return []
    orgs = {key: get_or_create_organisation(name=name, sector=sector)
            for key, (name, sector) in ORGS.items()}
    made = []
    for spec in EVENTS:
        event = Event(title=spec["title"], join_code=spec["join_code"], phase=Phase.ARCHIVED,
                      starts_at=spec["starts"], bank_policy=spec["policy"],
                      decision_published_at=spec["starts"])
        db.session.add(event)
        db.session.flush()
        for row in spec["proposals"]:
            _add(event, row, orgs)
        made.append(event)
    return made


def _add(event: Event, row: dict, orgs: dict) -> None:
    proposal = Proposal(
        event_id=event.id, title=row["title"], status=ProposalStatus.SUBMITTED,
        summary=row["summary"], target_group=row["target_group"], problem=row["problem"],
        idea=row["idea"], trial_action_what=row["trial"], value_citizens=row["value"],
        problem_owner_id=orgs[row["owner"]].id, bank_consent=True, bank_named=row["named"],
        submitted_at=event.starts_at,
    )
    db.session.add(proposal)
    db.session.flush()
    for name in row["authors"]:
        person = create_person(name=name, email=None, title=None, organisation=orgs[row["owner"]])
        db.session.add(ProposalAuthor(proposal_id=proposal.id, person_id=person.id))
    for key in row["orgs"]:
        db.session.add(ProposalOrganisation(proposal_id=proposal.id,
                                            organisation_id=orgs[key].id,
                                            is_process_owner=key == row["owner"]))
    decision = Decision(event_id=event.id, proposal_id=proposal.id, outcome=row["outcome"],
                        rationale=row["rationale"])
    db.session.add(decision)
    db.session.flush()
    spec = row.get("prototype")
    if spec:
        prototype = Prototype(event_id=event.id, proposal_id=proposal.id, decision_id=decision.id,
                              title=proposal.title, stage=spec["stage"], status=spec["status"],
                              problem_owner_id=proposal.problem_owner_id)
        db.session.add(prototype)
        db.session.flush()
        for what, learned in spec["actions"]:
            db.session.add(TrialAction(prototype_id=prototype.id, what=what, learned=learned,
                                       status=TrialActionStatus.DONE,
                                       done_on=date(event.starts_at.year, 9, 1)))
        for name, unit, side, baseline, target in spec["indicators"]:
            db.session.add(Indicator(prototype_id=prototype.id, name=name, unit=unit, side=side,
                                     baseline=baseline, target=target,
                                     higher_is_better=target > baseline))
        for text, themes in spec["notes"]:
            db.session.add(LearningNote(event_id=event.id, prototype_id=prototype.id, text=text,
                                        themes=themes))
    db.session.flush()
    refresh_entry(proposal)
