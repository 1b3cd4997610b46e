"""The what-if sandbox: other weights or another method, side by side with the official
ranking; and adopting a weighting as the official one, with a recorded reason.

The routes are registered on the results blueprint in ``results.views``.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hackathon.core.errors import fail
from hackathon.extensions import db
from hackathon.models import Event
from hackathon.results import decisions as decision_services
from hackathon.results import permissions
from hackathon.results.display import left_out_of, method_label, official_rank
from hackathon.results.forms import AdoptForm
from hackathon.results.ranking import official_ranking, sandbox_ranking, top_k_ids
from hackathon.review.forms import parse_weights
from hackathon.scoring import METHODS


def _sandbox_weights(model, source) -> tuple[dict[str, float], dict[str, str]]:
    """Weights from ``w_<criterion>`` values (the frozen ones where absent); errors per key."""
    return parse_weights(model, source, "w_", fallback=model.normalised_weights())


@login_required
def sandbox(event_id: int):
    """Move the weights and switch method; see the ranking and the top k change. Changes
    nothing: the official ranking stays the frozen (or adopted) one."""
    event = db.get_or_404(Event, event_id)
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
    lang = str(get_locale())
    left_out = left_out_of(result, model, lang)
    if request.args.get("format") == "json":
        return jsonify(
            method=method,
            weights=shares,
            top_k=result["top_k"],
            same_top_k=official_top == what_if_top,
            left_out=left_out,
            unranked=[row["proposal"] for row in result["unranked"]],
            ranking=[
                {
                    "proposal": row["proposal"],
                    "title": result["by_id"][row["proposal"]].title,
                    "rank": row["rank"],
                    "score": row["score"],
                    "official_rank": official_rank(official, row["proposal"]),
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
        method_label=method_label,
        weights=weights,
        shares=shares,
        errors=errors,
        official_rank=lambda pid: official_rank(official, pid),
        what_if_top=what_if_top,
        same_top_k=official_top == what_if_top,
        left_out=left_out,
        adopt_form=AdoptForm(method=method),
        can_adopt=permissions.can_decide(current_user, event)
        and event.decision_published_at is None,
        lang=lang,
    )


@login_required
def adopt(event_id: int):
    """Make the sandbox's weighting and method the official ranking, with a recorded reason."""
    event = db.get_or_404(Event, event_id)
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
