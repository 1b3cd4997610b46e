"""The results page and the what-if sandbox: same numbers as `hackathon rank`, the sandbox
changes nothing, adopting a weighting needs a reason and is logged."""

from __future__ import annotations

import csv
import json

from sqlalchemy import select

from hackathon.extensions import db
from hackathon.models import AuditEntry, WeightingAdoption
from hackathon.results.ranking import official_ranking
from hackathon.review.queries import complete_scores


def test_results_page_numbers_equal_hackathon_rank(app, as_role, decision_event, runner,
                                                     tmp_path):
    decided = decision_event()
    event = decided.event
    path = tmp_path / "scores.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["proposal", "reviewer", "criterion", "score"])
        for proposal, reviewer, criterion, value in complete_scores(event):
            writer.writerow([proposal, reviewer, criterion, "" if value is None else value])
    model_file = app.config["SCORING_MODELS_DIR"] + "/kvalificering.toml"
    result = runner.invoke(args=["rank", str(path), "--model", model_file, "--top-k",
                                 str(event.selection_quota), "--format", "json",
                                 "--seed", "2026"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)
    page = as_role("facilitator", event).get(f"/events/{event.id}/results")
    html = page.get_data(as_text=True)
    official = official_ranking(event)
    cli_rows = {str(row["proposal"]): row for row in cli["ranking"]}
    assert len(cli_rows) == len(official["ranking"]) == 3
    for row in official["ranking"]:
        theirs = cli_rows[str(row["proposal"])]
        assert theirs["rank"] == row["rank"]
        assert abs(theirs["score"] - row["score"]) < 1e-9
        for key, value in row["criteria"].items():
            assert abs(theirs["criteria"][key] - value) < 1e-9
            assert f"{value:.2f}".replace(".", ",") in html  # Danish decimal comma
        # The page shows the total and the probability of the top k that the CLI computes.
        assert f"{theirs['score']:.3f}".replace(".", ",") in html
        assert f'value="{theirs["p_top_k"]}"' in html
    titles = [decided.proposals[t].id for t in ("God Start",)]
    assert official["ranking"][0]["proposal"] == titles[0]


def test_results_page_shows_agreement_methods_and_chart(app, as_role, decision_event):
    decided = decision_event()
    html = as_role("facilitator", decided.event).get(
        f"/events/{decided.event.id}/results").get_data(as_text=True)
    assert "Krippendorff" in html
    for method in ("WSM", "TOPSIS", "VIKOR"):
        assert method in html
    assert 'class="contrib-chart"' in html and "<rect" in html
    assert "<meter" in html


def test_empty_round_gives_a_clear_page(app, as_role, make_round):
    from hackathon.enums import Phase
    from hackathon.events.services import change_phase

    round_ = make_round()
    change_phase(event=round_.event, to_phase=Phase.DECISION,
                 actor=round_.event.test_facilitator, confirm_back=False, confirmed=True)
    db.session.commit()
    client = as_role("facilitator", round_.event)
    response = client.get(f"/events/{round_.event.id}/results")
    assert response.status_code == 200
    assert "no complete reviews" in response.get_data(as_text=True) or \
        "ingen færdige" in response.get_data(as_text=True)


def test_sandbox_changes_top_k_without_touching_the_official_ranking(app, as_role,
                                                                      decision_event):
    decided = decision_event()
    event = decided.event
    client = as_role("facilitator", event)
    before = [r["proposal"] for r in official_ranking(event, samples=0)["ranking"]]
    official = client.get(f"/events/{event.id}/results/what-if?format=json").get_json()
    assert official["same_top_k"] is True
    # All weight on cross-sector reach: Familiens Broer (5, 5) overtakes everything.
    data = client.get(f"/events/{event.id}/results/what-if?format=json&w_feasibility=1"
                      f"&w_citizen_value=1&w_cross_sector_reach=100").get_json()
    first = data["ranking"][0]
    assert first["title"] in ("Familiens Broer", "God Start")
    moved = client.get(f"/events/{event.id}/results/what-if?format=json&w_feasibility=100"
                       f"&w_citizen_value=1&w_cross_sector_reach=1").get_json()
    top = {row["title"] for row in moved["ranking"] if row["in_top_k"]}
    assert top == {"God Start", "Børnene med"}
    assert moved["same_top_k"] is False
    after = [r["proposal"] for r in official_ranking(event, samples=0)["ranking"]]
    assert before == after
    assert db.session.scalar(select(WeightingAdoption)) is None
    # The page itself (no JavaScript) renders the same what-if.
    html = client.get(f"/events/{event.id}/results/what-if?w_feasibility=100"
                      f"&w_citizen_value=1&w_cross_sector_reach=1").get_data(as_text=True)
    assert "in-top" in html


def test_sandbox_bad_input_is_explained(app, as_role, decision_event):
    decided = decision_event()
    client = as_role("facilitator", decided.event)
    url = f"/events/{decided.event.id}/results/what-if"
    bad = client.get(url + "?format=json&w_feasibility=abc")
    assert bad.status_code == 400 and "feasibility" in bad.get_json()["errors"]
    assert client.get(url + "?format=json&w_feasibility=0").status_code == 400
    assert client.get(url + "?method=nonsense").status_code == 400
    # The HTML page keeps working and says what is wrong.
    page = client.get(url + "?w_feasibility=-3")
    assert page.status_code == 200 and "field__error" in page.get_data(as_text=True)


def test_adopting_a_weighting_needs_a_reason_and_is_logged(app, as_role, decision_event):
    decided = decision_event()
    event = decided.event
    client = as_role("facilitator", event)
    url = f"/events/{event.id}/results/what-if/adopt"
    weights = {"w_feasibility": "100", "w_citizen_value": "1", "w_cross_sector_reach": "1"}
    response = client.post(url, data={**weights, "method": "wsm", "reason": "  "})
    assert response.status_code == 302
    assert db.session.scalar(select(WeightingAdoption)) is None
    response = client.post(url, data={**weights, "method": "wsm",
                                      "reason": "Gennemførbarhed vejer tungest i år"})
    assert response.status_code == 302
    adoption = db.session.scalar(select(WeightingAdoption))
    assert adoption.method == "wsm" and adoption.reason.startswith("Gennemførbarhed")
    official = official_ranking(event, samples=0)
    assert official["method"] == "wsm" and official["adoption"].id == adoption.id
    top = {official["by_id"][pid].title for pid in
           [r["proposal"] for r in official["ranking"] if r["rank"] <= 2]}
    assert top == {"God Start", "Børnene med"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "weighting"))
    assert entry.actor_id == event.test_facilitator.id
    assert entry.details["reason"] == "Gennemførbarhed vejer tungest i år"
    page = client.get(f"/events/{event.id}/results").get_data(as_text=True)
    assert "Gennemførbarhed vejer tungest i år" in page


def test_release_lets_reviewers_see_results_and_is_logged(app, as_role, decision_event):
    from tests.conftest import sign_in

    decided = decision_event()
    event = decided.event
    reviewer = app.test_client()
    sign_in(reviewer, decided.reviewers[1])
    assert reviewer.get(f"/events/{event.id}/results").status_code == 403
    facilitator = as_role("facilitator", event)
    facilitator.post(f"/events/{event.id}/results/release", data={"on": "y"})
    assert reviewer.get(f"/events/{event.id}/results").status_code == 200
    facilitator.post(f"/events/{event.id}/results/release", data={})
    assert reviewer.get(f"/events/{event.id}/results").status_code == 403
    actions = db.session.scalars(select(AuditEntry.details).where(
        AuditEntry.action == "release")).all()
    assert [a["released"] for a in actions] == [True, False]


def test_contribution_chart_diverges_and_ignores_values_that_cannot_be_drawn():
    from hackathon.results.display import PLOT_LEFT, PLOT_WIDTH
    from hackathon.results.display import chart as _chart

    result = {
        "criteria": [{"key": "a"}, {"key": "b"}],
        "higher_is_better": True,
        "ranking": [
            {"proposal": 1, "contributions": {"a": 0.3, "b": -0.1}},
            {"proposal": 2, "contributions": {"a": float("nan"), "b": None}},
        ],
    }
    chart = _chart(result)
    first, second = chart["rows"]
    zero = chart["zero"]
    assert PLOT_LEFT < zero < PLOT_LEFT + PLOT_WIDTH and chart["has_left"]
    a, b = first["parts"]
    assert a["x"] == zero and a["width"] > 0  # pulls up: to the right of the line
    assert b["x"] + b["width"] == zero  # pulls down: to the left
    assert all(p["width"] == 0 for p in second["parts"])
    # Lower is better (VIKOR): a regret is drawn to the left.
    regret = _chart({**result, "higher_is_better": False,
                     "ranking": [{"proposal": 1, "contributions": {"a": 0.2, "b": 0.1}}]})
    assert all(p["x"] + p["width"] <= regret["zero"] + 1e-6 for p in regret["rows"][0]["parts"])


def test_demo_decision_stage_ranks_with_wsm_and_keeps_every_other_method_beside_it(
        app, runner, client):
    from hackathon.demo import content
    from hackathon.models import Event, Person
    from hackathon.results.ranking import ranks_by_method, top_k_ids
    from hackathon.scoring import METHODS
    from tests.conftest import sign_in

    assert runner.invoke(args=["demo", "--stage", "decision"]).exit_code == 0
    event = db.session.scalar(select(Event).where(Event.join_code == "TVAERS26"))  # the demo event
    official = official_ranking(event)
    assert official["method"] == "wsm" and official["scoring_model"].method == "wsm"
    top = {official["by_id"][pid].title for pid in top_k_ids(official)}
    assert top == {"God Start", "Familiens Broer"}
    assert set(ranks_by_method(official)) == set(METHODS)
    # WSM needs no robustness caveat about the list of proposals: no rank reversal.
    assert not [w for w in official["warnings"] if w["code"] == "rank_reversal"]
    facilitator = db.session.scalar(
        select(Person).where(Person.email == content.FACILITATOR["email"]))
    sign_in(client, facilitator)
    html = client.get(f"/events/{event.id}/results").get_data(as_text=True)
    assert "Vægtet sum (WSM)" in html and "God Start" in html
    assert client.get(f"/events/{event.id}/results/what-if?method=topsis").status_code == 200
