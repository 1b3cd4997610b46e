"""Results, what-if and decisions: the pages the selection meeting works from."""

from __future__ import annotations

import math

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from hackathon.core.errors import fail
from hackathon.enums import Outcome
from hackathon.events.permissions import can_manage_event
from hackathon.extensions import db
from hackathon.forms_common import organisation_choices
from hackathon.models import Event, OutboxMessage, Proposal
from hackathon.parsing import parse_id
from hackathon.results import decisions as decision_services
from hackathon.results import feedback, permissions
from hackathon.results.forms import (
    PROCESS_OWNER_ROWS,
    AdoptForm,
    DecisionForm,
    PublishForm,
    ToggleForm,
)
from hackathon.results.ranking import (
    official_ranking,
    ranks_by_method,
    sandbox_ranking,
    top_k_ids,
)
from hackathon.review.forms import parse_weights
from hackathon.review.queries import round_of
from hackathon.scoring import METHODS

bp = Blueprint("results", __name__, url_prefix="/events/<int:event_id>/results")

PROBLEMS = {
    "no_decision": lambda: _("no outcome chosen"),
    "rationale": lambda: _("the rationale is missing"),
    "problem_owner": lambda: _("no problem owner is named"),
    "process_owner": lambda: _("no process owner with a contact person"),
    "trial_action": lambda: _("the first trial action is missing"),
    "trial_date": lambda: _("the first trial action has no date"),
    "justification": lambda: _("selected outside the top of the ranking without a "
                               "justification"),
    "merged_into": lambda: _("choose the proposal it is merged into"),
}


def problem_text(code: str) -> str:
    """A decision problem in words."""
    return PROBLEMS[code]()


def _event(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


def _lang() -> str:
    return str(get_locale())


def _method_label(method: str) -> str:
    return {
        "wsm": _("Weighted sum (WSM)"),
        "wpm": _("Weighted product (WPM)"),
        "topsis": _("TOPSIS (closeness to the ideal)"),
        "vikor": _("VIKOR (compromise)"),
        "moora": _("MOORA (ratio system)"),
        "refpoint": _("Reference point (MOORA)"),
    }[method]


# --- the results page ----------------------------------------------------------------------


@bp.get("")
@login_required
def show(event_id: int):
    """The official ranking with robustness, disagreement, agreement and the other methods."""
    event = _event(event_id)
    if not permissions.can_see_results(current_user, event):
        if can_manage_event(current_user, event) and event.phase in permissions.RESULT_PHASES:
            # During the blind round the facilitators see the results only once they reveal.
            return render_template("results/hidden.html", event=event, facilitator=True)
        abort(403)
    result = official_ranking(event)
    if result is None:
        fail(409, _("The event has no scoring model, so there is nothing to rank."))
    decisions = decision_services.decisions_of(event)
    facilitator = can_manage_event(current_user, event)
    return render_template(
        "results/show.html",
        event=event,
        result=result,
        by_method=ranks_by_method(result) if result["ranking"] else {},
        method_label=_method_label,
        methods=METHODS,
        decisions=decisions if facilitator else {},
        facilitator=facilitator,
        can_decide=permissions.can_decide(current_user, event),
        can_sandbox=permissions.can_use_sandbox(current_user, event),
        toggle_form=ToggleForm(),
        chart=_chart(result),
        lang=_lang(),
    )


PLOT_LEFT, PLOT_WIDTH = 310.0, 680.0  # the chart's drawing area in its 1000-wide viewBox


def _finite(value: float | None) -> float:
    """A contribution for drawing: missing or not finite (a log of 0 under WPM) draws as 0."""
    return value if value is not None and math.isfinite(value) else 0.0


def _chart(result: dict) -> dict:
    """Geometry of the diverging contribution chart: per proposal, each criterion's bar goes
    right when it pulls the proposal up and left when it pulls it down. For methods where
    lower is better (VIKOR, reference point) a contribution is a regret, drawn to the left."""
    keys = [c["key"] for c in result["criteria"]]
    sign = 1.0 if result["higher_is_better"] else -1.0
    signed = [[sign * _finite(row["contributions"][k]) for k in keys] for row in result["ranking"]]
    right = max((sum(v for v in row if v > 0) for row in signed), default=0.0)
    left = max((sum(-v for v in row if v < 0) for row in signed), default=0.0)
    scale = PLOT_WIDTH / ((right + left) or 1.0)
    zero = PLOT_LEFT + left * scale
    rows = []
    for row, values in zip(result["ranking"], signed, strict=True):
        up, down, parts = zero, zero, []
        for i, (key, value) in enumerate(zip(keys, values, strict=True)):
            width = abs(value) * scale
            if value >= 0:
                x, up = up, up + width
            else:
                down -= width
                x = down
            parts.append({"key": key, "index": i, "x": round(x, 2), "width": round(width, 2)})
        rows.append({"proposal": row["proposal"], "parts": parts})
    return {"keys": keys, "rows": rows, "zero": round(zero, 2), "has_left": left > 0}


@bp.post("/release")
@login_required
def release(event_id: int):
    """Show the results to reviewers and observers, or hide them again."""
    event = _event(event_id)
    if not (can_manage_event(current_user, event)
            and permissions.can_see_results(current_user, event)):
        abort(403)
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    decision_services.set_results_released(event=event, actor=current_user,
                                           released=bool(form.on.data))
    db.session.commit()
    flash(_("Reviewers and observers can now see the results.") if form.on.data
          else _("The results are hidden from reviewers and observers."), "success")
    return redirect(url_for("results.show", event_id=event.id))


# --- what-if ---------------------------------------------------------------------------------


def _sandbox_weights(model, source) -> tuple[dict[str, float], dict[str, str]]:
    """Weights from ``w_<criterion>`` values (the frozen ones where absent); errors per key."""
    return parse_weights(model, source, "w_", fallback=model.normalised_weights())


@bp.get("/what-if")
@login_required
def sandbox(event_id: int):
    """Move the weights and switch method; see the ranking and the top k change. Changes
    nothing: the official ranking stays the frozen (or adopted) one."""
    event = _event(event_id)
    if not permissions.can_use_sandbox(current_user, event):
        abort(403)
    official = official_ranking(event, samples=0)
    if official is None:
        fail(409, _("The event has no scoring model, so there is nothing to rank."))
    model = official["scoring_model"]
    method = request.args.get("method") or official["method"]
    if method not in METHODS:
        fail(400, _("Unknown method."))
    weights, errors = _sandbox_weights(model, request.args)
    if errors:
        if request.args.get("format") == "json":
            return jsonify(errors=errors), 400
        weights = model.normalised_weights()
    result = sandbox_ranking(event, weights, method)
    official_top = set(top_k_ids(official))
    what_if_top = set(top_k_ids(result))
    total = sum(weights.values()) or 1
    shares = {k: w / total for k, w in weights.items()}
    if request.args.get("format") == "json":
        return jsonify(
            method=method,
            weights=shares,
            top_k=result["top_k"],
            same_top_k=official_top == what_if_top,
            ranking=[
                {
                    "proposal": row["proposal"],
                    "title": result["by_id"][row["proposal"]].title,
                    "rank": row["rank"],
                    "score": row["score"],
                    "official_rank": _official_rank(official, row["proposal"]),
                    "in_top_k": row["proposal"] in what_if_top,
                }
                for row in result["ranking"]
            ],
        )
    return render_template(
        "results/sandbox.html",
        event=event,
        model=model,
        official=official,
        result=result,
        method=method,
        methods=METHODS,
        method_label=_method_label,
        weights=weights,
        shares=shares,
        errors=errors,
        official_rank=lambda pid: _official_rank(official, pid),
        what_if_top=what_if_top,
        same_top_k=official_top == what_if_top,
        adopt_form=AdoptForm(method=method),
        can_adopt=permissions.can_decide(current_user, event)
        and event.decision_published_at is None,
        lang=_lang(),
    )


def _official_rank(official: dict, proposal_id: int) -> int | None:
    for row in official["ranking"]:
        if row["proposal"] == proposal_id:
            return row["rank"]
    return None


@bp.post("/what-if/adopt")
@login_required
def adopt(event_id: int):
    """Make the sandbox's weighting and method the official ranking, with a recorded reason."""
    event = _event(event_id)
    if not (permissions.can_decide(current_user, event)
            and permissions.can_see_results(current_user, event)):
        abort(403)
    official = official_ranking(event, samples=0)
    if official is None:
        fail(409, _("The event has no scoring model, so there is nothing to rank."))
    model = official["scoring_model"]
    form = AdoptForm()
    weights, errors = _sandbox_weights(model, request.form)
    back = url_for("results.sandbox", event_id=event.id, method=form.method.data,
                   **{f"w_{k}": request.form.get(f"w_{k}", "") for k in model.criterion_keys})
    if not form.validate_on_submit() or errors:
        flash(_("Write why the group adopts this weighting; it is kept in the log."), "error")
        return redirect(back)
    try:
        decision_services.adopt_weighting(event=event, actor=current_user, weights=weights,
                                          method=form.method.data, reason=form.reason.data)
    except decision_services.DecisionError as error:
        db.session.rollback()
        flash({
            "published": _("The decision is published; the ranking it rests on stays."),
            "method": _("Unknown method."),
            "reason": _("Write why the group adopts this weighting; it is kept in the log."),
        }[error.code], "error")
        return redirect(back)
    db.session.commit()
    flash(_("The weighting is adopted: the official ranking now uses it."), "success")
    return redirect(url_for("results.show", event_id=event.id))


# --- decisions ---------------------------------------------------------------------------


def _decision_context(event: Event):
    official = official_ranking(event, samples=0)
    if official is None:
        fail(409, _("The event has no scoring model, so there is nothing to rank."))
    return official, set(top_k_ids(official))


@bp.get("/decisions")
@login_required
def decisions(event_id: int):
    """Every submitted proposal in ranking order with its staged outcome; publish."""
    event = _event(event_id)
    if not (permissions.can_decide(current_user, event)
            and permissions.can_see_results(current_user, event)):
        abort(403)
    official, top = _decision_context(event)
    staged = decision_services.decisions_of(event)
    problems = decision_services.publication_problems(event, top)
    order = [row["proposal"] for row in official["ranking"]] + [
        row["proposal"] for row in official["unranked"]
    ]
    return render_template(
        "results/decisions.html",
        event=event,
        official=official,
        order=order,
        ranks={row["proposal"]: row["rank"] for row in official["ranking"]},
        top=top,
        staged=staged,
        problems=problems,
        problem_text=problem_text,
        selected=decision_services.selected_count(event),
        publish_form=PublishForm(),
        review_round=round_of(event),
    )


@bp.route("/decisions/<int:proposal_id>", methods=["GET", "POST"])
@login_required
def decide(event_id: int, proposal_id: int):
    """Stage the decision on one proposal (or amend it, after publication)."""
    event = _event(event_id)
    if not (permissions.can_decide(current_user, event)
            and permissions.can_see_results(current_user, event)):
        abort(403)
    proposal = db.get_or_404(Proposal, proposal_id)
    official, top = _decision_context(event)
    if proposal.event_id != event.id or proposal.id not in official["by_id"]:
        abort(404)
    decision = decision_services.decisions_of(event).get(proposal.id)
    form = DecisionForm()
    choices = organisation_choices()
    form.problem_owner.choices = choices
    for i in range(PROCESS_OWNER_ROWS):
        form[f"owner_org_{i}"].choices = choices
    form.merged_into.choices = [SelectChoice("", _("— choose —"))] + [
        SelectChoice(str(p.id), p.title) for p in official["by_id"].values() if p.id != proposal.id
    ]
    if request.method == "GET":
        _fill(form, decision, proposal)
    problems: list[str] = []
    over_quota = False
    stale = False
    if request.method == "POST" and not form.validate():
        if "csrf_token" in form.errors:
            abort(400)
        flash(_("Please correct the marked fields."), "error")
    elif request.method == "POST":
        data = _input_from(form)
        if data is not None:
            try:
                decision_services.save_decision(
                    event=event, proposal=proposal, actor=current_user, data=data,
                    expected_version=form.version.data, in_top_k=proposal.id in top,
                    confirm_over_quota=bool(form.confirm_over_quota.data),
                    reason=form.reason.data or "",
                )
            except decision_services.DecisionError as error:
                db.session.rollback()
                if error.code == "stale":
                    stale = True
                    decision = decision_services.decisions_of(event).get(proposal.id)
                    flash(_("Another facilitator saved this decision while you were editing. "
                            "Their version is shown below; your text is kept in the form — "
                            "compare, then save again."), "error")
                    form.version.data = decision.version if decision else 0
                elif error.code == "over_quota":
                    over_quota = True
                    flash(_("Selecting this proposal goes beyond the quota of %(quota)d. Tick "
                            "the box to confirm, then save again.",
                            quota=event.selection_quota), "error")
                elif error.code == "incomplete":
                    problems = error.problems[proposal.id]
                    flash(_("The decision is published, so a change must be complete."),
                          "error")
                else:  # reason
                    form.reason.errors = [_("Write why the published decision changes.")]
            else:
                db.session.commit()
                feedback.deliver_pending(event)
                flash(_("The decision on \"%(title)s\" is saved.", title=proposal.title),
                      "success")
                return redirect(url_for("results.decisions", event_id=event.id))
    if decision is not None and not problems:
        problems = decision_services.problems_of(decision, proposal_id=proposal.id,
                                                 in_top_k=proposal.id in top)
    return render_template(
        "results/decide.html",
        event=event,
        proposal=proposal,
        decision=decision,
        form=form,
        official=official,
        rank=_official_rank(official, proposal.id),
        in_top=proposal.id in top,
        problems=problems,
        problem_text=problem_text,
        over_quota=over_quota,
        stale=stale,
        selected=decision_services.selected_count(event, excluding=proposal.id),
        published=event.decision_published_at is not None,
        owner_rows=range(PROCESS_OWNER_ROWS),
    ), (409 if stale else 200)


def _fill(form: DecisionForm, decision, proposal: Proposal) -> None:
    """Fill the form from the staged decision, or from the proposal's own owners."""
    if decision is None:
        form.version.data = 0
        form.outcome.data = None
        form.problem_owner.data = str(proposal.problem_owner_id or "")
        owners = [o for o in proposal.organisations if o.is_process_owner]
        for i, owner in enumerate(owners[:PROCESS_OWNER_ROWS]):
            form[f"owner_org_{i}"].data = str(owner.organisation_id)
            form[f"owner_name_{i}"].data = owner.contact_name
        form.trial_action.data = proposal.trial_action_what
        form.trial_date.data = proposal.trial_action_when
        return
    form.version.data = decision.version
    form.outcome.data = decision.outcome.value
    form.rationale.data = decision.rationale
    form.justification.data = decision.justification
    form.merged_into.data = str(decision.merged_into_id or "")
    form.problem_owner.data = str(decision.problem_owner_id or "")
    for i, owner in enumerate(decision.process_owners[:PROCESS_OWNER_ROWS]):
        form[f"owner_org_{i}"].data = str(owner.organisation_id)
        form[f"owner_name_{i}"].data = owner.contact_name
        form[f"owner_email_{i}"].data = owner.contact_email
    form.trial_action.data = decision.trial_action
    form.trial_date.data = decision.trial_date


def _int_or_none(value: str | None, field, allowed: set[int] | None = None) -> int | None:
    if not value:
        return None
    number = parse_id(value)
    if number is None or (allowed is not None and number not in allowed):
        field.errors = [*field.errors, _("Choose from the list.")]
        return None
    return number


def _input_from(form: DecisionForm) -> decision_services.DecisionInput | None:
    """The typed decision, or None (with field errors) when a choice is not in its list."""
    org_ids = {int(c.value) for c in form.problem_owner.choices if c.value}
    merge_ids = {int(c.value) for c in form.merged_into.choices if c.value}
    owners = []
    for i in range(PROCESS_OWNER_ROWS):
        org = _int_or_none(form[f"owner_org_{i}"].data, form[f"owner_org_{i}"], org_ids)
        name = (form[f"owner_name_{i}"].data or "").strip()
        if org and not name:
            form[f"owner_name_{i}"].errors = [_("Name the contact person of this organisation.")]
        if name and not org:
            form[f"owner_org_{i}"].errors = [_("Choose the organisation of this contact.")]
        if org:
            owners.append(decision_services.OwnerInput(
                org, name, (form[f"owner_email_{i}"].data or "").strip()))
    data = decision_services.DecisionInput(
        outcome=Outcome(form.outcome.data),
        rationale=form.rationale.data or "",
        justification=form.justification.data or "",
        merged_into_id=_int_or_none(form.merged_into.data, form.merged_into, merge_ids),
        problem_owner_id=_int_or_none(form.problem_owner.data, form.problem_owner, org_ids),
        process_owners=owners,
        trial_action=form.trial_action.data or "",
        trial_date=form.trial_date.data,
    )
    if any(form[name].errors for name in form._fields):
        flash(_("Please correct the marked fields."), "error")
        return None
    return data


@bp.post("/decisions/publish")
@login_required
def publish(event_id: int):
    """Publish every staged decision at once; tell the teams."""
    event = _event(event_id)
    if not (permissions.can_decide(current_user, event)
            and permissions.can_see_results(current_user, event)):
        abort(403)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    _official, top = _decision_context(event)
    try:
        decision_services.publish(event=event, actor=current_user, top_k_ids=top,
                                  confirm_over_quota=bool(form.confirm_over_quota.data))
    except decision_services.DecisionError as error:
        db.session.rollback()
        if error.code == "incomplete":
            flash(_("The decision cannot be published yet: %(count)d proposals lack something "
                    "(listed below).", count=len(error.problems)), "error")
        elif error.code == "over_quota":
            flash(_("%(selected)d proposals are selected, the quota is %(quota)d. Tick the box "
                    "to publish anyway.", selected=error.info["selected"],
                    quota=error.info["quota"]), "error")
        else:
            flash(_("The decision is already published; change it by amending a proposal's "
                    "decision."), "error")
        return redirect(url_for("results.decisions", event_id=event.id))
    db.session.commit()
    feedback.deliver_pending(event)
    flash(_("The decision is published. The teams can see their outcome."), "success")
    return redirect(url_for("results.decisions", event_id=event.id))


@bp.get("/outbox")
@login_required
def outbox(event_id: int):
    """The messages to the teams: sent, failed, or waiting (when no mail server is set)."""
    event = _event(event_id)
    if not can_manage_event(current_user, event):
        abort(403)
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.event_id == event.id)
        .order_by(OutboxMessage.id.desc()).limit(500)
    ).all()
    return render_template("results/outbox.html", event=event, messages=messages,
                           mail_configured=feedback.mail_configured())
