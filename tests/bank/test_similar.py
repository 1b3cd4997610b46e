"""Similar entries: TF-IDF on Danish stems, visibility, own event left out, and a cache that
follows writes made elsewhere."""

from __future__ import annotations

from sqlalchemy import select, update

from hackathon.bank import similar
from hackathon.bank.index import refresh_entry
from hackathon.extensions import db
from hackathon.models import BankEntry, Proposal, utcnow
from hackathon.models.bank import POLICY_NETWORK, POLICY_PUBLIC
from tests.bank import corpus

BOTH = (POLICY_NETWORK, POLICY_PUBLIC)


def _titles(pairs):
    return [e.title for e in similar.entries_by_id(pairs)]


def _load(app):
    proposals = corpus.load()
    for proposal in proposals:
        refresh_entry(proposal)
    db.session.commit()
    return proposals


def test_a_draft_finds_the_related_entry_first(app):
    _load(app)
    draft = "Gravide kvinder i en sårbar situation fortæller deres historie igen og igen"
    assert _titles(similar.similar_to_text(draft, BOTH))[0] == "Trygge fødsler"
    elderly = _titles(similar.similar_to_text("ældre på plejehjem spiser for lidt", BOTH))
    assert set(elderly[:2]) == {"Madvenner", "Måltider på plejehjemmet"}
    assert similar.similar_to_text("", BOTH) == []
    assert similar.similar_to_text("🤰 \" OR", BOTH) == []


def test_own_event_and_invisible_entries_are_left_out(app):
    proposals = _load(app)
    event_id = proposals[0].event_id
    assert similar.similar_to_text("ældre", BOTH, exclude_event=event_id) == []
    assert similar.similar_to_text("ældre", (POLICY_PUBLIC,)) != []
    db.session.execute(update(BankEntry).values(visibility=POLICY_NETWORK,
                                                updated_at=utcnow()))
    db.session.commit()
    assert similar.similar_to_text("ældre", (POLICY_PUBLIC,)) == []


def test_entry_page_similar_lists_other_events_only(app, make_banked):
    _load(app)
    other = make_banked("Spisevenner", "Ensomme ældre spiser alene og taber sig")
    entry = db.session.scalar(select(BankEntry).where(BankEntry.proposal_id == other.id))
    titles = _titles(similar.similar_to_entry(entry, BOTH))
    assert titles[0] == "Madvenner" and "Spisevenner" not in titles


def test_a_write_elsewhere_is_seen_and_matches_a_full_refit(app):
    proposals = _load(app)
    assert "Madvenner" not in _titles(similar.similar_to_text("kørestol rampe", BOTH))
    # Another app server changes an entry: only the database knows.
    madvenner = next(p for p in proposals if p.title == "Madvenner")
    madvenner.idea += " Kørestol og rampe til alle."
    refresh_entry(madvenner)
    db.session.execute(update(Proposal).where(Proposal.id == madvenner.id)
                       .values(idea=madvenner.idea))
    db.session.commit()
    updated = similar.similar_to_text("ældre spiser alene", BOTH)
    similar._cache.clear()
    refit = similar.similar_to_text("ældre spiser alene", BOTH)
    assert _titles(updated) == _titles(refit)
    db.session.delete(db.session.scalar(
        select(BankEntry).where(BankEntry.proposal_id == madvenner.id)))
    db.session.commit()
    assert "Madvenner" not in _titles(similar.similar_to_text("ældre spiser alene", BOTH))
