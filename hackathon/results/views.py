"""Results, what-if and decisions: the pages the selection meeting works from."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
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
from hackathon.results import feedback, permissions, whatif
from hackathon.results.display import (
    WSM_WHY,
    chart,
    criterion_labels,
    left_out_of,
    method_label,
    official_rank,
)
from hackathon.results.forms import (
    PROCESS_OWNER_ROWS,
    DecisionForm,
    PublishForm,
    ToggleForm,
)
from hackathon.results.ranking import official_ranking, ranks_by_method, top_k_ids
from hackathon.review.queries import round_of
from hackathon.scoring import METHODS

bp = Blueprint("results", __name__, url_prefix="/events/<int:event_id>/results")
bp.add_url_rule("/what-if", view_func=whatif.sandbox, methods=["GET"])
bp.add_url_rule("/what-if/adopt", view_func=whatif.adopt, methods=["POST"])

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
        method_label=method_label,
        methods=METHODS,
        left_out=left_out_of(result, result["scoring_model"], _lang()),
        wsm_why=WSM_WHY,
        criterion_labels=lambda keys: criterion_labels(result["scoring_model"], keys, _lang()),
        decisions=decisions if facilitator else {},
        facilitator=facilitator,
        can_decide=permissions.can_decide(current_user, event),
        can_sandbox=permissions.can_use_sandbox(current_user, event),
        toggle_form=ToggleForm(),
        chart=chart(result),
        lang=_lang(),
    )


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
    chosen = _chosen_organisations(decision, proposal)
    choices = organisation_choices(event, current_user, keep=chosen)
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
                _flash_saved(event, proposal, in_top_k=proposal.id in top)
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
        rank=official_rank(official, proposal.id),
        in_top=proposal.id in top,
        problems=problems,
        problem_text=problem_text,
        over_quota=over_quota,
        stale=stale,
        selected=decision_services.selected_count(event, excluding=proposal.id),
        published=event.decision_published_at is not None,
        owner_rows=range(PROCESS_OWNER_ROWS),
    ), (409 if stale else 200)


def _flash_saved(event: Event, proposal: Proposal, *, in_top_k: bool) -> None:
    """Saved: green when the decision could be published as it is; otherwise a warning that
    names at once what will block publication (staging an incomplete decision is allowed)."""
    blockers = decision_services.blockers_of(event, proposal, in_top_k=in_top_k)
    if blockers:
        flash(_("The decision on \"%(title)s\" is saved, but it will block publication: "
                "%(missing)s.", title=proposal.title,
                missing="; ".join(problem_text(code) for code in blockers)), "warning")
    else:
        flash(_("The decision on \"%(title)s\" is saved.", title=proposal.title), "success")


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


def _chosen_organisations(decision, proposal) -> set[int]:
    """Organisations a decision form already names: kept in its lists though they may have
    left the event's list since."""
    ids = {proposal.problem_owner_id, *(link.organisation_id for link in proposal.organisations)}
    if decision is not None:
        ids |= {decision.problem_owner_id, *(o.organisation_id for o in decision.process_owners)}
    return {i for i in ids if i}


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
            flash(ngettext("The decision cannot be published yet: %(count)d proposal lacks "
                           "something (listed below).",
                           "The decision cannot be published yet: %(count)d proposals lack "
                           "something (listed below).",
                           len(error.problems), count=len(error.problems)), "error")
        elif error.code == "over_quota":
            flash(ngettext("%(selected)d proposal is selected, the quota is %(quota)d. Tick the "
                           "box to publish anyway.",
                           "%(selected)d proposals are selected, the quota is %(quota)d. Tick "
                           "the box to publish anyway.", error.info["selected"],
                           selected=error.info["selected"], quota=error.info["quota"]), "error")
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
