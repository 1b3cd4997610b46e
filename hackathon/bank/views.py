"""The knowledge bank's pages: search and facets, entries, similar entries, interest, contact,
copying into one's own event, the team's consent and the facilitator's policy, open data."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from hackathon import labels
from hackathon.auth.forms import ConfirmForm
from hackathon.bank import export, queries, search, services, similar
from hackathon.bank.facets import ALL_FACETS, ENUM_FACETS
from hackathon.bank.forms import (
    POLICY_LABELS,
    ConsentForm,
    ContactForm,
    CopyForm,
    PolicyForm,
)
from hackathon.events.permissions import can_manage_event, is_signed_in
from hackathon.extensions import db
from hackathon.models import BankEntry, Event, Proposal
from hackathon.parsing import ID_MAX, parse_int
from hackathon.proposals.permissions import is_author

bp = Blueprint("bank", __name__)
bp.add_url_rule("/bank/open-data.<fmt>", view_func=export.download, methods=["GET"])
bp.add_url_rule("/bank/suggest", endpoint="suggest", view_func=queries.suggest_fragment,
                methods=["GET"])


@bp.app_template_global()
def bank_suggestions(proposal: Proposal) -> list[BankEntry]:
    """Up to three bank entries like the proposal's saved text (its own event left out)."""
    return queries.suggestions_for(proposal, current_user)


@bp.app_template_global()
def bank_source(proposal: Proposal) -> BankEntry | None:
    """The bank entry a proposal was copied from, if it is still visible to the reader."""
    entry = queries.source_entry(proposal)
    if entry is None or entry.visibility not in search.visible_levels(current_user):
        return None
    return entry


@bp.app_template_global()
def bank_policy_choices() -> list[tuple[str, str]]:
    """(value, label) of the bank policies."""
    return [(value, str(text)) for value, text in POLICY_LABELS.items()]


@bp.app_template_global()
def label_of(facet: str, value: str | None) -> str:
    """The translated label of an enum facet value ("stage", "status", "outcome", ...)."""
    try:
        return labels.label(ENUM_FACETS[facet](value)) if value else ""
    except (KeyError, ValueError):
        return value or ""


@bp.get("/bank")
def front():
    """Search box, facets, results; without a search: newest learning and most adopted."""
    levels = search.visible_levels(current_user)
    filters = search.read_filters(request.args)
    query = (request.args.get("q") or "")[:10_000]
    page = parse_int(request.args.get("page"), maximum=search.MAX_PAGE, default=1) or 1
    result = search.search(query, levels, filters, page=page)
    if filters.ignored:
        flash(_("Some filters were not recognised and are ignored: %(names)s.",
                names=", ".join(filters.ignored)), "warning")
    return render_template(
        "bank/front.html", result=result, query=query, filters=filters,
        facets=queries.facet_lists(result, filters), facet_names=ALL_FACETS,
        searching=bool(query.strip() or filters.values),
        newest=queries.newest_learning(levels), adopted=queries.most_adopted(levels),
        snippet=search.snippet, public_only=len(levels) == 1,
    )


def _entry_or_404(proposal_id: int) -> BankEntry:
    entry = db.session.scalar(select(BankEntry).where(BankEntry.proposal_id == proposal_id))
    if entry is None or entry.visibility not in search.visible_levels(current_user):
        abort(404)
    return entry


@bp.get("/bank/entries/<int:proposal_id>")
def entry(proposal_id: int):
    """One entry: what was proposed, decided, tried and learned; similar entries."""
    item = _entry_or_404(proposal_id)
    levels = search.visible_levels(current_user)
    pairs = similar.similar_to_entry(item, levels)
    return render_template(
        "bank/entry.html", entry=item, details=queries.details(item),
        similar=similar.entries_by_id(pairs),
        interested=queries.interested_organisations(item),
        copies=queries.copies_of(item, current_user),
        my_events=queries.events_to_copy_into(item, current_user),
        signed_in=is_signed_in(current_user),
        member=search.network_member(current_user),
        contact_form=ContactForm(), copy_form=CopyForm(), confirm_form=ConfirmForm(),
    )


def _member_entry(proposal_id: int) -> BankEntry:
    item = _entry_or_404(proposal_id)
    if not search.network_member(current_user):
        abort(403)
    return item


@bp.post("/bank/entries/<int:proposal_id>/interest")
@login_required
def interest(proposal_id: int):
    """"Kan det virke hos os?": the person's organisation marks the entry relevant."""
    item = _member_entry(proposal_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        added = services.mark_interest(entry=item, person=current_user)
    except services.BankError as error:
        flash(str(error), "error")
        return redirect(url_for("bank.entry", proposal_id=proposal_id))
    db.session.commit()
    flash(_("The team is told that your organisation is interested.") if added
          else _("Your organisation is already marked as interested."), "success")
    return redirect(url_for("bank.entry", proposal_id=proposal_id))


@bp.post("/bank/entries/<int:proposal_id>/contact")
@login_required
def contact(proposal_id: int):
    """"Kontakt ejerne": a message to the team through the app."""
    item = _member_entry(proposal_id)
    form = ContactForm()
    if not form.validate_on_submit():
        flash(_("Write a message of at most 4,000 characters."), "error")
        return render_template(
            "bank/contact.html", entry=item, contact_form=form), 422
    services.contact_owners(entry=item, person=current_user, message=form.message.data)
    db.session.commit()
    flash(_("Your message is sent to the team."), "success")
    return redirect(url_for("bank.entry", proposal_id=proposal_id))


@bp.post("/bank/entries/<int:proposal_id>/copy")
@login_required
def copy(proposal_id: int):
    """A facilitator starts a proposal in their own event from the entry."""
    item = _member_entry(proposal_id)
    form = CopyForm()
    if not form.validate_on_submit():
        flash(_("Choose one of your events."), "error")
        return redirect(url_for("bank.entry", proposal_id=proposal_id))
    event = db.session.get(Event, form.event_id.data)
    if event is None or not can_manage_event(current_user, event):
        abort(403)
    try:
        proposal = services.copy_into_event(entry=item, event=event, facilitator=current_user)
    except services.BankError as error:
        flash(str(error), "error")
        return redirect(url_for("bank.entry", proposal_id=proposal_id))
    db.session.commit()
    flash(_("A draft is started in %(event)s from the entry.", event=event.title), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/bank-consent")
@login_required
def consent(proposal_id: int):
    """The team chooses whether its proposal is shared in the bank, and with names."""
    proposal = db.session.get(Proposal, proposal_id) if proposal_id <= ID_MAX else None
    if proposal is None:
        abort(404)
    if not is_author(current_user, proposal):
        abort(403)
    form = ConsentForm()
    # The checkboxes send "y" or nothing; any other value is not a choice the page offers.
    ticks = (request.form.get("consent"), request.form.get("named"))
    if not form.validate_on_submit() or any(v not in (None, "y") for v in ticks):
        flash(_("Your choice could not be read; nothing was changed."), "error")
        return redirect(url_for("proposals.show", proposal_id=proposal.id)), 303
    services.set_consent(proposal=proposal, actor=current_user,
                         consent=bool(form.consent.data), named=bool(form.named.data))
    db.session.commit()
    flash(_("Your choice for the knowledge bank is saved."), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.post("/events/<int:event_id>/bank-policy")
@login_required
def policy(event_id: int):
    """The facilitator sets how far the event's proposals are shared."""
    event = db.session.get(Event, event_id) if event_id <= ID_MAX else None
    if event is None:
        abort(404)
    if not can_manage_event(current_user, event):
        abort(403)
    form = PolicyForm()
    if not form.validate_on_submit():
        flash(_("Choose how the event's proposals are shared."), "error")
        return redirect(url_for("events.show", event_id=event.id))
    services.set_policy(event=event, actor=current_user, policy=form.policy.data)
    db.session.commit()
    count = db.session.scalar(select(func.count(BankEntry.id))
                              .where(BankEntry.event_id == event.id))
    flash(_("The knowledge bank setting is saved (%(count)s proposals shared).", count=count),
          "success")
    return redirect(url_for("events.show", event_id=event.id))
