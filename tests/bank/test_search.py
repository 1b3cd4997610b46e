"""Danish full-text search: word forms, consent, visibility, facets and hostile input."""

from __future__ import annotations

from sqlalchemy import select

from hackathon.bank import index, search
from hackathon.bank.search import Filters, matching_ids
from hackathon.extensions import db
from hackathon.models import BankEntry
from hackathon.models.bank import POLICY_NETWORK, POLICY_PUBLIC

BOTH = (POLICY_NETWORK, POLICY_PUBLIC)


def test_danish_word_forms_find_the_same_entry(make_banked):
    proposal = make_banked("Familiens Broer", "Familiernes hjælp falder mellem kommunerne")
    entry_id = db.session.scalar(select(BankEntry.id).where(BankEntry.proposal_id == proposal.id))
    for query in ("familie", "familier", "familiernes", "FAMILIENS", "kommune"):
        assert matching_ids(query, BOTH) == [entry_id], query
    assert matching_ids("ældrepleje", BOTH) == []


def test_without_consent_or_policy_nothing_enters(make_banked):
    make_banked("Uden samtykke", "gravide", consent=False)
    make_banked("Privat begivenhed", "gravide", policy="none")
    assert matching_ids("gravide", BOTH) == []


def test_withdrawing_consent_removes_the_entry_at_once(make_banked):
    proposal = make_banked("God Start", "sårbare gravide")
    assert len(matching_ids("gravid", BOTH)) == 1
    proposal.bank_consent = False
    index.refresh_for_proposal(proposal.id)
    db.session.commit()
    assert matching_ids("gravid", BOTH) == []
    assert db.session.scalar(select(BankEntry.id)) is None


def test_anonymous_sees_only_public_entries(make_banked):
    make_banked("Offentlig", "ensomme ældre", policy="public")
    make_banked("Netværk", "ensomme ældre", policy="network")
    public = matching_ids("ældre", (POLICY_PUBLIC,))
    everyone = matching_ids("ældre", BOTH)
    assert len(public) == 1 and len(everyone) == 2


def test_hostile_search_strings_never_raise(make_banked):
    make_banked("God Start", "sårbare gravide")
    for query in ('"', '"gravide', "gravide OR", "NEAR(a b)", "a* -b", "'; DROP TABLE x; --",
                  "x" * 10_000, "🤰 gravide", "\x00", "AND AND", "(", "^", "{}", ""):
        result = search.search(query, BOTH, Filters())
        assert result.total >= 0
    assert search.search("🤰 gravide", BOTH, Filters()).total == 1


def test_facets_filter_and_count(make_banked, app):
    make_banked("Ældremad", "ældre borgere spiser for lidt", target_group="ældre borgere")
    make_banked("Gravid", "sårbare gravide", target_group="gravide kvinder")
    result = search.search("", BOTH, Filters())
    assert result.counts["target"]["elderly"] == 1
    assert result.counts["target"]["pregnant"] == 1
    with app.test_request_context("/bank?target=elderly&stage=nonsense"):
        from flask import request

        filters = search.read_filters(request.args)
    assert filters.values == {"target": "elderly"}
    assert filters.ignored == ["stage"]
    narrowed = search.search("", BOTH, filters)
    assert [e.title for e in narrowed.entries] == ["Ældremad"]


def test_highlight_marks_every_word_form(make_banked):
    make_banked("Broer", "Familiernes hjælp. En familie mere.")
    result = search.search("familie", BOTH, Filters())
    spans = search.snippet(result.entries[0], result.stems)
    assert [piece for piece, hit in spans if hit] == ["Familiernes", "familie"]
