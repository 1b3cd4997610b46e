"""Qualification-round pages: set-up, live progress, conflicts, and the reviewer's scoring."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from hackathon.audit import services as audit
from hackathon.core.errors import fail
from hackathon.enums import Phase
from hackathon.events.services import PhaseError, change_phase
from hackathon.extensions import db
from hackathon.models import Conflict, Event, Proposal
from hackathon.parsing import ParseError, parse_number
from hackathon.proposals.fields import fields_by_section
from hackathon.proposals.queries import organisation_names, proposal_with_team
from hackathon.proposals.values import display, read_values
from hackathon.review import permissions, queries, services
from hackathon.review.forms import (
    CloseRoundForm,
    ReasonForm,
    RoundSettingsForm,
    ToggleForm,
    parse_weights,
)
from hackathon.review.role_views import roles_form
from hackathon.scoring import list_models

bp = Blueprint("review", __name__, url_prefix="/events/<int:event_id>/review")

REFUSALS = {
    "not_reviewer": lambda: _("Only the event's reviewers score proposals."),
    "author": lambda: _("You are on the team of this proposal (or have written in it), so you "
                        "cannot review it. Your scores for it do not count."),
    "conflicted": lambda: _("You have a conflict of interest with this proposal and cannot "
                            "review it."),
    "not_assigned": lambda: _("This proposal is not on your list."),
    "withdrawn": lambda: _("The proposal has been withdrawn and is not reviewed."),
    "not_open": lambda: _("The qualification round has not opened yet."),
    "closed": lambda: _("The qualification round is closed: reviews can no longer change."),
}


def _event(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


def _lang() -> str:
    return str(get_locale())


# --- facilitator: set-up ------------------------------------------------------------------


@bp.route("/setup", methods=["GET", "POST"])
@login_required
def setup(event_id: int):
    """Choose the model, adjust weights, and set independence and assignment rules."""
    event = _event(event_id)
    if not permissions.can_follow_round(current_user, event):
        abort(403)
    review_round = services.ensure_round(event=event)
    db.session.commit()
    frozen = event.scoring_model_snapshot is not None
    form = RoundSettingsForm(obj=review_round)
    form.scoring_model_key.choices = [
        SelectChoice(m.key, m.label(_lang()))
        for m in list_models(current_app.config["SCORING_MODELS_DIR"])
    ]
    if request.method == "GET":
        form.scoring_model_key.data = event.scoring_model_key
    model = queries.scoring_model(event, review_round)
    weight_errors: dict[str, str] = {}
    if form.validate_on_submit():
        weights = None
        if not frozen and model is not None and form.scoring_model_key.data == model.key:
            weights, weight_errors = parse_weights(model, request.form, "weight_")
        if not weight_errors:
            services.update_settings(
                event=event,
                visibility=form.visibility.data,
                assignment=form.assignment.data,
                reviewers_per_proposal=form.reviewers_per_proposal.data,
                reviewer_cap=form.reviewer_cap.data,
                scoring_model_key=None if frozen else form.scoring_model_key.data,
                weights=weights,
            )
            if event.phase == Phase.QUALIFICATION:
                services.refresh_assignments(event=event)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("review.setup", event_id=event.id))
    return render_template(
        "review/setup.html", event=event, form=form, model=model, frozen=frozen,
        review_round=review_round, weight_errors=weight_errors, lang=_lang(),
        typed_weights=request.form if request.method == "POST" else {},
    )


# --- facilitator: live progress, conflicts, closing ---------------------------------------


@bp.get("")
@login_required
def dashboard(event_id: int):
    """Who has completed what (not the scores, until revealed); conflicts; closing."""
    event = _event(event_id)
    if not permissions.can_follow_round(current_user, event):
        abort(403)
    review_round = queries.round_of(event)
    state = queries.progress(event)
    revealed = permissions.can_see_other_scores(current_user, event, review_round, None)
    return render_template(
        "review/dashboard.html", event=event, review_round=review_round, revealed=revealed,
        conflicts=queries.conflicts_of(event), model=queries.scoring_model(event, review_round),
        reason_form=ReasonForm(), toggle_form=ToggleForm(), close_form=CloseRoundForm(),
        lang=_lang(), gaps=queries.assignment_gaps(state),
        author_conflicts=queries.author_conflicts(event),
        allowances=queries.role_allowances(event), roles_form=roles_form(event), **state,
    )


@bp.post("/assign")
@login_required
def assign(event_id: int):
    """Give new reviewers and newly submitted proposals their assignments."""
    event = _event(event_id)
    if not permissions.can_follow_round(current_user, event):
        abort(403)
    if event.phase != Phase.QUALIFICATION:
        fail(409, _("Proposals are assigned while the qualification round is open."))
    if not ToggleForm().validate_on_submit():
        abort(400)
    added = services.refresh_assignments(event=event)
    db.session.commit()
    flash(ngettext("%(n)d new assignment.", "%(n)d new assignments.", added, n=added), "success")
    gaps = queries.assignment_gaps(queries.progress(event))
    if gaps["reviewers"] or gaps["proposals"]:
        flash(_("Some reviewers or proposals still have no assignments: conflicts of interest "
                "or the cap per reviewer leave no one free. See the list on the round page."),
              "error")
    return redirect(url_for("review.dashboard", event_id=event.id))


@bp.post("/reveal")
@login_required
def reveal(event_id: int):
    """Show or hide the scores in the live view."""
    return _toggle(event_id, services.set_revealed, "revealed")


@bp.post("/feedback")
@login_required
def feedback(event_id: int):
    """Release (or withdraw) the reviewers' comments to the teams."""
    return _toggle(event_id, services.set_feedback_released, "released", audited="feedback")


def _toggle(event_id: int, setter, keyword: str, audited: str | None = None):
    event = _event(event_id)
    if not permissions.can_follow_round(current_user, event):
        abort(403)
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    setter(event=event, **{keyword: bool(form.on.data)})
    if audited:
        audit.record(event=event, actor=current_user, action="release", what=audited,
                     released=bool(form.on.data))
    db.session.commit()
    flash(_("Saved."), "success")
    # The decisions page offers the same switch; go back to where the facilitator was.
    if request.form.get("back") == "decisions":
        return redirect(url_for("results.decisions", event_id=event.id))
    return redirect(url_for("review.dashboard", event_id=event.id))


@bp.post("/conflicts/<int:conflict_id>/override")
@login_required
def override(event_id: int, conflict_id: int):
    """Let a reviewer review despite a conflict, with a recorded reason."""
    event = _event(event_id)
    if not permissions.can_follow_round(current_user, event):
        abort(403)
    conflict = db.get_or_404(Conflict, conflict_id)
    if conflict.event_id != event.id:
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for overriding the conflict."), "error")
        return redirect(url_for("review.dashboard", event_id=event.id, _anchor="conflicts"))
    services.override_conflict(conflict=conflict, facilitator=current_user._get_current_object(),
                               reason=form.reason.data)
    db.session.commit()
    flash(_("The conflict is overridden; the reason is recorded."), "success")
    return redirect(url_for("review.dashboard", event_id=event.id, _anchor="conflicts"))


@bp.post("/close")
@login_required
def close(event_id: int):
    """Close the round (move to the decision phase); unfinished reviews need a confirmation."""
    event = _event(event_id)
    if not permissions.can_follow_round(current_user, event):
        abort(403)
    form = CloseRoundForm()
    if not form.validate_on_submit():
        abort(400)
    if event.phase != Phase.QUALIFICATION:
        fail(409, _("The qualification round is not open."))
    try:
        change_phase(event=event, to_phase=Phase.DECISION,
                     actor=current_user._get_current_object(), confirm_back=False,
                     confirmed=bool(form.confirm_unfinished.data))
    except PhaseError:
        flash(_("Some reviews are unfinished. Tick the box to close the round anyway."), "error")
        return redirect(url_for("review.dashboard", event_id=event.id, _anchor="close"))
    db.session.commit()
    flash(_("The qualification round is closed. Reviews can no longer change."), "success")
    return redirect(url_for("results.decisions", event_id=event.id))


# --- reviewer -----------------------------------------------------------------------------


@bp.get("/mine")
@login_required
def mine(event_id: int):
    """The reviewer's list with progress ("7 af 12")."""
    event = _event(event_id)
    if not permissions.is_reviewer(current_user, event):
        abort(403)
    if not permissions.can_see_own_reviews(current_user, event):
        fail(409, REFUSALS["not_open"]())
    items = queries.my_list(event, current_user)
    done = sum(1 for _p, review in items if review is not None and review.complete)
    return render_template("review/mine.html", event=event, items=items, done=done,
                           reason_form=ReasonForm())


def _proposal_for_review(event: Event, proposal_id: int, for_writing: bool) -> Proposal:
    proposal = proposal_with_team(proposal_id)
    if proposal is None or proposal.event_id != event.id:
        abort(404)
    pair = (proposal.id, current_user.id)
    refusal = permissions.scoring_refusal(
        current_user, proposal,
        assigned=pair in queries.assignment_pairs(event),
        conflicted=pair in queries.active_conflict_pairs(event),
        for_writing=for_writing,
        authored=pair in queries.author_pairs(event),
    )
    if refusal is not None:
        status, code = refusal
        fail(status, REFUSALS[code]())
    return proposal


def _read_scores(model) -> tuple[dict, dict[str, str], dict[str, str]]:
    """(scores given, raw form values, errors) from the posted scoring form."""
    scores, raw, errors = {}, {}, {}
    for criterion in model.criteria:
        value = (request.form.get(f"c_{criterion.key}") or "").strip()
        raw[criterion.key] = value
        if value == "":
            continue
        if value == "abstain":
            scores[criterion.key] = None
            continue
        try:
            number = parse_number(value)
        except ParseError:
            errors[criterion.key] = _("Choose a score or \u201cdon't know / abstain\u201d.")
            continue
        if not criterion.scale_min <= number <= criterion.scale_max:
            errors[criterion.key] = _(
                "The score must be between %(low)s and %(high)s.",
                low=f"{criterion.scale_min:g}", high=f"{criterion.scale_max:g}",
            )
            continue
        scores[criterion.key] = int(number) if number.is_integer() else number
    return scores, raw, errors


@bp.route("/proposals/<int:proposal_id>", methods=["GET", "POST"])
@login_required
def score(event_id: int, proposal_id: int):
    """The scoring form beside the proposal and the rubric."""
    event = _event(event_id)
    proposal = _proposal_for_review(event, proposal_id, for_writing=request.method == "POST")
    model = queries.scoring_model(event)
    review_round = queries.round_of(event)
    reviews = queries.reviews_by_pair(event)
    own = reviews.get((proposal.id, current_user.id))
    items = queries.my_list(event, current_user)
    position = next((i for i, (p, _r) in enumerate(items) if p.id == proposal.id), 0)
    errors: dict[str, str] = {}
    raw = {key: ("abstain" if value is None else f"{value:g}")
           for key, value in (own.scores if own else {}).items()}
    comments = {"internal": own.comment_internal if own else "",
                "team": own.comment_team if own else ""}
    if request.method == "POST":
        action = request.form.get("action", "save")
        scores, raw, errors = _read_scores(model)
        comments = {"internal": request.form.get("comment_internal", "")[:4000],
                    "team": request.form.get("comment_team", "")[:4000]}
        complete = action in ("complete", "complete_next")
        if complete and not errors:
            unanswered = [c for c in model.criteria
                          if c.key not in scores and c.key not in (own.scores if own else {})]
            for criterion in unanswered:
                errors[criterion.key] = _("Answer this criterion, or choose "
                                          "\u201cdon't know / abstain\u201d.")
        if not errors:
            services.save_review(
                event=event, proposal=proposal, reviewer=current_user._get_current_object(),
                scores=scores, comment_internal=comments["internal"],
                comment_team=comments["team"], complete=complete, model=model,
            )
            db.session.commit()
            if complete:
                flash(_("Your review of \u201c%(title)s\u201d is complete.", title=proposal.title),
                      "success")
            else:
                flash(_("Saved. The review counts once you mark it complete."), "success")
            if action == "complete_next":
                following = _next_unfinished(items, position)
                if following is not None:
                    return redirect(url_for("review.score", event_id=event.id,
                                            proposal_id=following.id))
                return redirect(url_for("review.mine", event_id=event.id))
            return redirect(url_for("review.score", event_id=event.id, proposal_id=proposal.id))
    can_see_others = permissions.can_see_other_scores(current_user, event, review_round, own)
    others = []
    if can_see_others:
        excluded = queries.active_conflict_pairs(event)  # an author's own review never shows
        others = [r for (p, reviewer_id), r in sorted(reviews.items(), key=lambda kv: kv[1].id)
                  if p == proposal.id and reviewer_id != current_user.id and r.complete
                  and (p, reviewer_id) not in excluded]
    organisations = organisation_names()
    values = read_values(proposal)
    return render_template(
        "review/score.html", event=event, proposal=proposal, model=model, own=own, raw=raw,
        errors=errors, comments=comments, position=position + 1, total=len(items),
        done=sum(1 for _p, r in items if r is not None and r.complete),
        writable=event.phase == Phase.QUALIFICATION, others=others,
        can_see_others=can_see_others, lang=_lang(), sections=fields_by_section(),
        display=lambda name: display(name, values[name], organisations),
        reason_form=ReasonForm(), review_round=review_round,
    ), (422 if errors else 200)


def _next_unfinished(items, position: int):
    """The next proposal on the reviewer's list (wrapping round) whose review is unfinished.

    ``items`` already holds the reviewer's reviews; the one just saved is at ``position``
    and is skipped, so no new query is needed.
    """
    ordered = items[position + 1:] + items[:position]
    for proposal, review in ordered:
        if review is None or not review.complete:
            return proposal
    return None


@bp.post("/proposals/<int:proposal_id>/conflict")
@login_required
def declare_conflict(event_id: int, proposal_id: int):
    """A reviewer declares a conflict of interest with a reason."""
    event = _event(event_id)
    proposal = db.get_or_404(Proposal, proposal_id)
    if proposal.event_id != event.id:
        abort(404)
    if not permissions.is_reviewer(current_user, event):
        abort(403)
    if event.phase != Phase.QUALIFICATION:
        fail(409, REFUSALS["closed"]() if event.phase.index > Phase.QUALIFICATION.index
             else REFUSALS["not_open"]())
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a short reason for the conflict of interest."), "error")
        return redirect(url_for("review.mine", event_id=event.id))
    services.declare_conflict(event=event, proposal=proposal,
                              reviewer=current_user._get_current_object(),
                              reason=form.reason.data)
    db.session.commit()
    flash(_("Conflict of interest recorded: \u201c%(title)s\u201d is off your list.",
            title=proposal.title), "success")
    return redirect(url_for("review.mine", event_id=event.id))


