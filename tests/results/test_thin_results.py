"""Every page that shows the ranking renders for thin data: no reviews, one reviewer, a
criterion every reviewer abstained on, one scored by a single reviewer, one proposal, all
proposals tied, a constant criterion. Results, what-if, report (HTML and PDF), exports (XLSX,
CSV, JSON) and the projector data; what cannot be computed is marked, with the reason."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from hackathon.enums import Phase, ProposalStatus
from hackathon.events.services import change_phase
from hackathon.extensions import db
from hackathon.live import services as live_services
from hackathon.results.ranking import official_ranking
from hackathon.review import queries as review_queries
from hackathon.review import services as review_services

KEYS = ("feasibility", "citizen_value", "cross_sector_reach")

# Shape -> {(proposal index, reviewer index): (feasibility, citizen value, reach)}.
SHAPES = {
    "no_reviews": {},
    "one_reviewer": {(0, 1): (5, 4, 3), (1, 1): (3, 4, 4), (2, 1): (2, 2, 5)},
    "criterion_abstained": {
        (0, 1): (5, 4, None), (0, 2): (4, 4, None), (1, 1): (3, 5, None),
        (1, 2): (4, 3, None), (2, 1): (2, 2, None), (2, 2): (3, 2, None),
    },
    "single_reviewer_criterion": {
        (0, 1): (5, 4, 3), (0, 2): (4, 4, None), (1, 1): (3, 5, 4),
        (1, 2): (4, 3, 4), (2, 1): (2, 2, 2), (2, 2): (3, 2, 3),
    },
    "one_proposal": {(0, 1): (4, 4, 4), (0, 2): (3, 5, 4)},
    "all_tied": {(p, r): (3, 3, 3) for p in range(3) for r in (1, 2)},
    "constant_criterion": {
        (0, 1): (4, 5, 3), (0, 2): (4, 4, 4), (1, 1): (4, 3, 5),
        (1, 2): (4, 3, 4), (2, 1): (4, 2, 2), (2, 2): (4, 2, 3),
    },
}


@pytest.fixture
def thin_event(make_round):
    """Factory: the round's event scored in one of SHAPES, in the decision phase, revealed."""

    def make(shape: str):
        round_ = make_round()
        event = round_.event
        model = review_queries.scoring_model(event)
        for (p, r), values in SHAPES[shape].items():
            review_services.save_review(
                event=event, proposal=round_.proposals[p], reviewer=round_.reviewers[r],
                scores=dict(zip(KEYS, values, strict=True)), comment_internal="",
                comment_team="", complete=True, model=model,
            )
        if shape == "one_proposal":
            for proposal in round_.proposals[1:]:
                proposal.status = ProposalStatus.WITHDRAWN
        db.session.commit()
        change_phase(event=event, to_phase=Phase.DECISION, actor=event.test_facilitator,
                     confirm_back=False, confirmed=True)
        live_services.set_reveal(event=event, actor=event.test_facilitator, on=True)
        live_services.reveal_next(event=event, actor=event.test_facilitator, all_places=True)
        db.session.commit()
        return round_

    return make


def _pages(client, event_id: int) -> dict[str, object]:
    """Every page and download that shows the ranking, each asserted to answer 200."""
    base = f"/events/{event_id}"
    found = {}
    for name, path in (
        ("results", "/results"),
        ("whatif", "/results/what-if"),
        ("whatif_json", "/results/what-if?format=json"),
        ("whatif_topsis", "/results/what-if?method=topsis&w_feasibility=10"),
        ("decisions", "/results/decisions"),
        ("report", "/report/"),
        ("pdf", "/report/report.pdf"),
        ("xlsx", "/report/export.xlsx"),
        ("json", "/report/export.json"),
        ("ranking_csv", "/report/ranking.csv"),
        ("scores_csv", "/report/scores.csv"),
        ("decisions_csv", "/report/decisions.csv"),
        ("projector", "/live/projector/data"),
    ):
        response = client.get(base + path)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = response
    assert found["pdf"].mimetype == "application/pdf"
    assert found["pdf"].data.startswith(b"%PDF")
    return found


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_ranking_page_renders_for_thin_data(app, as_role, thin_event, shape):
    round_ = thin_event(shape)
    event = round_.event
    pages = _pages(as_role("facilitator", event), event.id)
    html = pages["results"].get_data(as_text=True)
    official = official_ranking(event, samples=0)
    ranked = len(official["ranking"])
    assert ranked == {"no_reviews": 0, "one_proposal": 1}.get(shape, 3)
    workbook = load_workbook(io.BytesIO(pages["xlsx"].data))
    ranking_sheet = list(workbook["Rangordning"].values)
    ranking_csv = list(csv.DictReader(io.StringIO(
        pages["ranking_csv"].get_data(as_text=True).lstrip("\ufeff"))))
    assert len(ranking_sheet) - 1 == len(ranking_csv) == len(official["by_id"])
    document = json.loads(pages["json"].get_data(as_text=True))
    reveal = pages["projector"].get_json()["reveal"]
    assert len(reveal) == min(ranked, 3 if shape == "all_tied" else event.selection_quota)
    if shape == "no_reviews":
        assert "ingen færdige bedømmelser" in html
    if shape == "all_tied":
        assert [row["place"] for row in reveal] == [1, 1, 1]
        assert {row["rank"] for row in official["ranking"]} == {1}
    if shape == "one_reviewer":
        assert html.count("kun én bedømmelse: ingen spredning") == 9
    if shape == "single_reviewer_criterion":
        assert "kun én bedømmelse: ingen spredning" in html
    if shape == "criterion_abstained":
        reason = "»Tværsektoriel rækkevidde« er udeladt af rangeringen"
        for page in ("results", "whatif", "report"):
            assert reason in pages[page].get_data(as_text=True), page
        assert document["left_out"][0]["key"] == "cross_sector_reach"
        assert all(row["cross_sector_reach"] == "" for row in ranking_csv)
        assert all("left_out:cross_sector_reach" in row["flags"] for row in ranking_csv)
        model_sheet = list(workbook["Bedømmelsesmodel"].values)
        reach = next(row for row in model_sheet if row[9] == "cross_sector_reach")
        assert reach[7] == 0 and reach[8].startswith("»Tværsektoriel rækkevidde«")
        assert pages["whatif_json"].get_json()["left_out"][0]["criterion"] == \
            "cross_sector_reach"
    else:
        assert "er udeladt af rangeringen" not in html


def test_the_results_page_explains_why_wsm_is_the_official_default(app, as_role,
                                                                    decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    html = client.get(f"/events/{decided.event.id}/results").get_data(as_text=True)
    assert "Vægtet sum (WSM) er den officielle standardmetode" in html
    report = client.get(f"/events/{decided.event.id}/report/").get_data(as_text=True)
    assert "Vægtet sum (WSM) er den officielle standardmetode" in report
    # Every other method stays beside it, and in the what-if.
    for method in ("WPM", "TOPSIS", "VIKOR", "MOORA", "REFPOINT"):
        assert method in html
    sandbox = client.get(f"/events/{decided.event.id}/results/what-if").get_data(as_text=True)
    for value in ("wsm", "wpm", "topsis", "vikor", "moora", "refpoint"):
        assert f'value="{value}"' in sandbox
