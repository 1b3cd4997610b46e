"""The records people following a prototype add: trial actions, milestones, indicators and
measurements, business case lines, funding items, learning notes and updates. Registered on
the ``followup`` blueprint by ``register``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hackathon.enums import IndicatorSide, MilestoneStatus, TrialActionStatus
from hackathon.extensions import db
from hackathon.followup import permissions, records
from hackathon.followup.forms import (
    BusinessLineForm,
    ConfirmForm,
    FundingForm,
    FundingSecuredForm,
    IndicatorForm,
    MeasurementForm,
    MilestoneForm,
    MilestoneStatusForm,
    NoteForm,
    TrialActionForm,
    UpdateForm,
)
from hackathon.followup.pages import (
    apply_errors,
    child_of,
    chosen_trial,
    kroner_from,
    load,
    number_from,
    org_choices,
    org_id,
    today,
    trial_choices,
)
from hackathon.followup.rules import FollowupError
from hackathon.models import BusinessCaseLine, FundingItem, Indicator, Milestone, TrialAction

TRIAL_FIELDS = ["status", "what", "citizen_group", "citizen_count", "place", "planned_on",
                "done_on", "by_whom", "what_happened", "learned", "citizen_input"]


def _back(prototype, anchor: str = ""):
    return redirect(url_for("followup.show", prototype_id=prototype.id) + anchor)


def _page(prototype, form, heading, fields, submit, *, stale=False, current=None,
          intro=""):
    status = 409 if stale else 422 if any(form[f].errors for f in fields) else 200
    return render_template("followup/form.html", prototype=prototype, event=prototype.event,
                           form=form, heading=heading, fields=fields, submit=submit,
                           stale=stale, current=current, intro=intro), status


def _posted(form) -> bool:
    """A POST whose form parsed (a bad CSRF token is a 400)."""
    if request.method != "POST":
        return False
    if not form.validate():
        if "csrf_token" in form.errors:
            abort(400)
        return False
    return True


# --- trial actions ---------------------------------------------------------------------------


def trial_action(prototype_id: int, item_id: int | None = None):
    """Add a trial action, or edit one (with its version: no silent overwrite)."""
    prototype = load(prototype_id, permissions.can_contribute)
    item = child_of(TrialAction, item_id, prototype) if item_id is not None else None
    if item is not None and not permissions.can_edit_trial_action(current_user, prototype,
                                                                  item):
        abort(403)
    form = TrialActionForm()
    stale = False
    if request.method == "GET":
        form.version.data = item.version if item else 0
        if item is not None:
            form.status.data = item.status.value
            for name in TRIAL_FIELDS[1:]:
                form[name].data = getattr(item, name)
    elif _posted(form):
        values = {name: form[name].data for name in TRIAL_FIELDS}
        values["status"] = TrialActionStatus(form.status.data)
        try:
            records.save_trial_action(prototype=prototype, actor=current_user, values=values,
                                      today=today(), trial_action=item,
                                      expected_version=form.version.data)
        except FollowupError as error:
            db.session.rollback()
            if error.code == "stale":
                stale = True
                flash(_("Someone else saved this trial action while you were editing. Their "
                        "version is shown; your text is kept in the form — compare, then "
                        "save again."), "error")
                form.version.data = item.version
            apply_errors(form, error.fields)
        else:
            db.session.commit()
            flash(_("The trial action is saved."), "success")
            return _back(prototype, "#trial-actions")
    return _page(prototype, form, _("Edit the trial action") if item else _("New trial action"),
                 TRIAL_FIELDS, _("Save the trial action"), stale=stale,
                 current=item if stale else None,
                 intro=_("A trial action is a small, real test with citizens. Record what "
                         "is tried and, once done, what happened and what was learned."))


# --- milestones ------------------------------------------------------------------------------


def new_milestone(prototype_id: int):
    """Add a dated milestone."""
    prototype = load(prototype_id, permissions.can_record)
    form = MilestoneForm()
    if _posted(form):
        try:
            records.add_milestone(prototype=prototype, actor=current_user,
                                  title=form.title.data or "", due_on=form.due_on.data)
        except FollowupError as error:
            db.session.rollback()
            apply_errors(form, error.fields)
        else:
            db.session.commit()
            flash(_("The milestone is added."), "success")
            return _back(prototype, "#milestones")
    return _page(prototype, form, _("New milestone"), ["title", "due_on"], _("Add"))


def milestone_status(prototype_id: int, item_id: int):
    """Mark a milestone reached, missed or planned."""
    prototype = load(prototype_id, permissions.can_record)
    milestone = child_of(Milestone, item_id, prototype)
    form = MilestoneStatusForm()
    if not form.validate_on_submit() or form.expected.data not in set(MilestoneStatus):
        abort(400)
    try:
        records.set_milestone_status(milestone=milestone, actor=current_user,
                                     status=MilestoneStatus(form.status.data),
                                     expected_status=MilestoneStatus(form.expected.data),
                                     today=today())
    except FollowupError:
        db.session.rollback()
        flash(_("Someone else changed this milestone meanwhile; it is shown as they left it. "
                "Choose again if needed."), "error")
    else:
        db.session.commit()
        flash(_("The milestone is updated."), "success")
    return _back(prototype, "#milestones")


# --- indicators and measurements -------------------------------------------------------------


def new_indicator(prototype_id: int):
    """Add an indicator of value (a target needs a unit)."""
    prototype = load(prototype_id, permissions.can_record)
    form = IndicatorForm()
    fields = ["name", "unit", "side", "baseline", "target", "higher_is_better"]
    if request.method == "GET":
        form.higher_is_better.data = True
    elif _posted(form):
        values = {"name": form.name.data or "", "unit": form.unit.data or "",
                  "side": IndicatorSide(form.side.data),
                  "baseline": number_from(form.baseline), "target": number_from(form.target),
                  "higher_is_better": bool(form.higher_is_better.data)}
        if not (form.baseline.errors or form.target.errors):
            try:
                records.add_indicator(prototype=prototype, actor=current_user, values=values)
            except FollowupError as error:
                db.session.rollback()
                apply_errors(form, error.fields)
            else:
                db.session.commit()
                flash(_("The indicator is added."), "success")
                return _back(prototype, "#indicators")
    return _page(prototype, form, _("New indicator"), fields, _("Add"),
                 intro=prototype.value_measure)


def new_measurement(prototype_id: int, item_id: int):
    """Add a measured value to an indicator."""
    prototype = load(prototype_id, permissions.can_record)
    indicator = child_of(Indicator, item_id, prototype)
    form = MeasurementForm()
    form.trial_action.choices = trial_choices(prototype)
    if request.method == "GET":
        form.measured_on.data = today()
    elif _posted(form):
        value = number_from(form.value, required=True)
        trial = chosen_trial(form.trial_action, prototype)
        if not (form.value.errors or form.trial_action.errors):
            try:
                records.add_measurement(indicator=indicator, actor=current_user,
                                        measured_on=form.measured_on.data, value=value,
                                        note=form.note.data or "", trial_action=trial,
                                        today=today())
            except FollowupError as error:
                db.session.rollback()
                apply_errors(form, error.fields)
            else:
                db.session.commit()
                flash(_("The measurement is added."), "success")
                return _back(prototype, "#indicators")
    heading = _("New measurement: %(name)s", name=indicator.name)
    if indicator.unit:
        heading += f" ({indicator.unit})"
    return _page(prototype, form, heading, ["measured_on", "value", "note", "trial_action"],
                 _("Add"))


# --- business case and funding ---------------------------------------------------------------


def new_business_line(prototype_id: int):
    """Add expected costs and savings of one organisation in one year."""
    prototype = load(prototype_id, permissions.can_record)
    form = BusinessLineForm()
    form.organisation.choices = org_choices()
    if request.method == "GET":
        form.year.data = today().year
    elif _posted(form):
        organisation = org_id(form.organisation)
        cost, saving = kroner_from(form.cost), kroner_from(form.saving)
        if form.year.data is not None and not 2000 <= form.year.data <= 2100:
            form.year.errors = [_("Write a year between 2000 and 2100.")]
        if not any(form[f].errors for f in ("organisation", "year", "cost", "saving")):
            records.add_business_line(prototype=prototype, actor=current_user,
                                      organisation_id=organisation, year=form.year.data,
                                      cost=cost, saving=saving)
            db.session.commit()
            flash(_("The business case line is added."), "success")
            return _back(prototype, "#business-case")
    return _page(prototype, form, _("New business case line"),
                 ["organisation", "year", "cost", "saving"], _("Add"))


def remove_business_line(prototype_id: int, item_id: int):
    """Remove a business case line."""
    prototype = load(prototype_id, permissions.can_record)
    line = child_of(BusinessCaseLine, item_id, prototype)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    records.remove_business_line(line=line, actor=current_user)
    db.session.commit()
    flash(_("The business case line is removed."), "success")
    return _back(prototype, "#business-case")


def new_funding(prototype_id: int):
    """Add money needed for a purpose, secured or not."""
    prototype = load(prototype_id, permissions.can_record)
    form = FundingForm()
    if _posted(form):
        amount = kroner_from(form.amount)
        if not form.amount.errors:
            try:
                records.add_funding_item(prototype=prototype, actor=current_user,
                                         purpose=form.purpose.data or "", amount=amount,
                                         secured=bool(form.secured.data),
                                         source=form.source.data or "")
            except FollowupError as error:
                db.session.rollback()
                apply_errors(form, error.fields)
            else:
                db.session.commit()
                flash(_("The funding item is added."), "success")
                return _back(prototype, "#funding")
    return _page(prototype, form, _("New funding item"),
                 ["purpose", "amount", "secured", "source"], _("Add"))


def funding_secured(prototype_id: int, item_id: int):
    """Mark a funding item secured or still needed."""
    prototype = load(prototype_id, permissions.can_record)
    item = child_of(FundingItem, item_id, prototype)
    form = FundingSecuredForm()
    if not form.validate_on_submit() or {form.expected.data, form.secured.data} - {"0", "1"}:
        abort(400)
    try:
        records.set_funding_secured(item=item, actor=current_user,
                                    secured=form.secured.data == "1", source="",
                                    expected_secured=form.expected.data == "1")
    except FollowupError:
        db.session.rollback()
        flash(_("Someone else changed this funding item meanwhile; it is shown as they left "
                "it."), "error")
    else:
        db.session.commit()
        flash(_("The funding item is updated."), "success")
    return _back(prototype, "#funding")


def remove_funding(prototype_id: int, item_id: int):
    """Remove a funding item."""
    prototype = load(prototype_id, permissions.can_record)
    item = child_of(FundingItem, item_id, prototype)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    records.remove_funding_item(item=item, actor=current_user)
    db.session.commit()
    flash(_("The funding item is removed."), "success")
    return _back(prototype, "#funding")


# --- learning notes and updates --------------------------------------------------------------


def new_note(prototype_id: int):
    """Add a learning note with themes, optionally from a trial action."""
    prototype = load(prototype_id, permissions.can_contribute)
    form = NoteForm()
    form.trial_action.choices = trial_choices(prototype)
    if request.method == "GET" and request.args.get("trial_action"):
        form.trial_action.data = request.args["trial_action"]
    elif _posted(form):
        trial = chosen_trial(form.trial_action, prototype)
        if not form.trial_action.errors:
            try:
                records.add_note(prototype=prototype, actor=current_user,
                                 text=form.text.data or "", themes=form.themes.data or [],
                                 trial_action=trial)
            except FollowupError as error:
                db.session.rollback()
                apply_errors(form, error.fields)
            else:
                db.session.commit()
                flash(_("The learning note is saved."), "success")
                return _back(prototype, "#notes")
    return _page(prototype, form, _("New learning note"), ["text", "themes", "trial_action"],
                 _("Save the note"))


def update(prototype_id: int):
    """The two-minute update: where things stand, what happened, the next step."""
    prototype = load(prototype_id, permissions.can_record)
    form = UpdateForm()
    if _posted(form):
        try:
            records.add_update(prototype=prototype, actor=current_user,
                               status_text=form.status_text.data or "",
                               happened=form.happened.data or "",
                               next_step=form.next_step.data or "")
        except FollowupError as error:
            db.session.rollback()
            apply_errors(form, error.fields)
        else:
            db.session.commit()
            flash(_("Thank you: the update is saved."), "success")
            return _back(prototype, "#timeline")
    return _page(prototype, form, _("Two-minute update"),
                 ["status_text", "happened", "next_step"], _("Send the update"),
                 intro=_("Three short answers are enough. A proposal to change the stage or "
                         "status goes here too; the facilitators decide."))


def register(bp) -> None:
    """Attach the record routes to the ``followup`` blueprint."""
    base = "/prototypes/<int:prototype_id>"
    form_methods = ["GET", "POST"]
    rules = [
        ("/trial-actions/new", trial_action, form_methods, "new_trial_action"),
        ("/trial-actions/<int:item_id>", trial_action, form_methods, "edit_trial_action"),
        ("/milestones/new", new_milestone, form_methods, None),
        ("/milestones/<int:item_id>/status", milestone_status, ["POST"], None),
        ("/indicators/new", new_indicator, form_methods, None),
        ("/indicators/<int:item_id>/measurements/new", new_measurement, form_methods, None),
        ("/business-case/new", new_business_line, form_methods, None),
        ("/business-case/<int:item_id>/remove", remove_business_line, ["POST"], None),
        ("/funding/new", new_funding, form_methods, None),
        ("/funding/<int:item_id>/secured", funding_secured, ["POST"], None),
        ("/funding/<int:item_id>/remove", remove_funding, ["POST"], None),
        ("/notes/new", new_note, form_methods, None),
        ("/update", update, form_methods, None),
    ]
    for path, view, methods, endpoint in rules:
        bp.add_url_rule(base + path, endpoint=endpoint or view.__name__,
                        view_func=login_required(view), methods=methods)
