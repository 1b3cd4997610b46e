"""The organisations page of an event (facilitators), and proposing one (event members)."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from hackathon import labels
from hackathon.auth.forms import ConfirmForm
from hackathon.enums import OrganisationStatus, Sector
from hackathon.events import permissions
from hackathon.extensions import db
from hackathon.models import Event, Organisation
from hackathon.organisations import importing, queries, services
from hackathon.organisations.forms import (
    AddOrganisationForm,
    ConfirmImportForm,
    CopyListForm,
    ImportOrganisationsForm,
    MergeOrganisationForm,
    ProposeOrganisationForm,
    RenameOrganisationForm,
)
from hackathon.parsing import loads_json, parse_id

bp = Blueprint("organisations", __name__, url_prefix="/events/<int:event_id>/organisations")


def _error_text(error: services.OrganisationError) -> str:
    """The translated wording of a refused change."""
    name = error.name
    if error.code == "sector":
        return _("Choose the sector of the new organisation.")
    if error.code == "exists":
        return _("An organisation called “%(name)s” already exists. Add it to the list and "
                 "merge the two instead.", name=name)
    if error.code == "used":
        return _("“%(name)s” is still used in this event: merge it into another organisation "
                 "instead.", name=name)
    if error.code == "self":
        return _("Choose another organisation to merge into.")
    return _("Write the organisation's name (at most %(n)d characters).", n=services.NAME_MAX)


@bp.app_template_global("link_kind_label")
def link_kind_label(kind: str) -> str:
    """What the organisations page calls one kind of use (see ``queries.LINK_KINDS``)."""
    return {
        "people": _("People"),
        "invitations": _("Invitations"),
        "problem_owners": _("Problem owner of proposals"),
        "proposal_organisations": _("Participating in proposals"),
        "decisions": _("Problem owner in decisions"),
        "process_owners": _("Process owner in decisions"),
        "prototypes": _("Prototypes (owner, operation, spread to)"),
        "business_case": _("Business case lines"),
        "contacts": _("Prototype contacts"),
    }.get(kind, kind)


def _managed_event(event_id: int) -> Event:
    event = db.get_or_404(Event, event_id)
    if not permissions.can_manage_event(current_user, event):
        abort(403)
    return event


def _listed_or_404(event: Event, organisation_id: int):
    link = queries.link_of(event, organisation_id)
    if link is None:
        abort(404)
    return link


def _sector(value: str | None) -> Sector | None:
    return Sector(value) if value in {s.value for s in Sector} else None


def _back(event: Event, anchor: str | None = None):
    return redirect(url_for("organisations.index", event_id=event.id, _anchor=anchor))


@bp.route("", methods=["GET", "POST"])
@login_required
def index(event_id: int):
    """The event's organisations with sector and use; add one."""
    event = _managed_event(event_id)
    form = AddOrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.add(event=event, actor=current_user, name=form.name.data,
                                        sector=_sector(form.sector.data))
        except services.OrganisationError as error:
            db.session.rollback()
            (form.sector if error.code == "sector" else form.name).errors.append(
                _error_text(error))
        else:
            db.session.commit()
            flash(_("%(name)s is on the event's list.", name=organisation.name), "success")
            return _back(event)
    return render_template(
        "organisations/index.html", event=event, form=form, rows=queries.event_list(event),
        import_form=ImportOrganisationsForm(formdata=None), confirm_form=ConfirmForm(),
        copy_form=_copy_form(event, formdata=None),
    )


def _copy_form(event: Event, **kwargs) -> CopyListForm:
    form = CopyListForm(**kwargs)
    form.source.choices = [SelectChoice("", _("— choose —"))] + [
        SelectChoice(str(e.id), e.title)
        for e in queries.other_events_facilitated(event, current_user)
    ]
    return form


@bp.post("/copy")
@login_required
def copy(event_id: int):
    """Start from the list of another event this facilitator runs."""
    event = _managed_event(event_id)
    form = _copy_form(event)
    allowed = {c.value for c in form.source.choices if c.value}
    if not form.validate_on_submit():
        abort(400)
    if form.source.data not in allowed:
        flash(_("Choose one of your other events."), "error")
        return _back(event)
    source = db.session.get(Event, int(form.source.data))
    count = services.copy_list(event=event, actor=current_user, source=source)
    db.session.commit()
    flash(_("%(n)d organisations are on the event's list.", n=count), "success")
    return _back(event)


@bp.route("/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def manage(event_id: int, organisation_id: int):
    """One organisation of the list: rename, merge into another, remove, approve."""
    event = _managed_event(event_id)
    link = _listed_or_404(event, organisation_id)
    organisation = link.organisation
    form = RenameOrganisationForm(obj=organisation if request.method == "GET" else None)
    if request.method == "GET":
        form.sector.data = organisation.sector.value
    if form.validate_on_submit():
        sector = _sector(form.sector.data)
        if sector is None:
            form.sector.errors.append(_("Choose a sector."))
        else:
            try:
                result = services.rename(event=event, actor=current_user,
                                         organisation=organisation, name=form.name.data,
                                         sector=sector)
            except services.OrganisationError as error:
                db.session.rollback()
                form.name.errors.append(_error_text(error))
            else:
                db.session.commit()
                flash(_("Saved: %(name)s.", name=result.name), "success")
                return _back(event)
    return _manage_page(event, link, form, MergeOrganisationForm(formdata=None))


def _merge_choices(event: Event, organisation: Organisation) -> list[SelectChoice]:
    return [SelectChoice("", _("— choose —"))] + [
        SelectChoice(str(row.organisation.id),
                     f"{row.organisation.name} ({labels.label(row.organisation.sector)})")
        for row in queries.event_list(event) if row.organisation.id != organisation.id
    ]


def _manage_page(event, link, form, merge_form, status=200):
    listed = next(r for r in queries.event_list(event) if r.link.id == link.id)
    merge_form.target.choices = _merge_choices(event, link.organisation)
    return render_template(
        "organisations/manage.html", event=event, row=listed, form=form, merge_form=merge_form,
        confirm_form=ConfirmForm(), kinds=queries.LINK_KINDS,
    ), status


@bp.post("/<int:organisation_id>/merge")
@login_required
def merge(event_id: int, organisation_id: int):
    """Merge a duplicate into another organisation of the list, moving every link."""
    event = _managed_event(event_id)
    link = _listed_or_404(event, organisation_id)
    merge_form = MergeOrganisationForm()
    merge_form.target.choices = _merge_choices(event, link.organisation)
    if not merge_form.validate_on_submit():
        abort(400)
    target_id = parse_id(merge_form.target.data)
    target = queries.link_of(event, target_id) if target_id is not None else None
    if target is None or target.organisation_id == link.organisation_id:
        merge_form.target.errors.append(_("Choose another organisation to merge into."))
        return _manage_page(event, link, RenameOrganisationForm(obj=link.organisation),
                            merge_form, 422)
    source_name = link.organisation.name
    moved = services.merge(event=event, actor=current_user, source=link.organisation,
                           target=target.organisation)
    db.session.commit()
    flash(_("%(old)s is merged into %(new)s: %(n)d links moved.", old=source_name,
            new=target.organisation.name, n=sum(moved.values())), "success")
    return _back(event)


@bp.post("/<int:organisation_id>/remove")
@login_required
def remove(event_id: int, organisation_id: int):
    """Take an unused organisation off the event's list."""
    event = _managed_event(event_id)
    link = _listed_or_404(event, organisation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.remove(event=event, actor=current_user, link=link)
    except services.OrganisationError as error:
        db.session.rollback()
        flash(_error_text(error), "error")
        return redirect(url_for("organisations.manage", event_id=event.id,
                                organisation_id=organisation_id))
    db.session.commit()
    flash(_("Removed from the event's list."), "success")
    return _back(event)


@bp.post("/<int:organisation_id>/approve")
@login_required
def approve(event_id: int, organisation_id: int):
    """Approve a participant's proposed organisation."""
    event = _managed_event(event_id)
    link = _listed_or_404(event, organisation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if link.status == OrganisationStatus.PROPOSED:
        services.approve(event=event, actor=current_user, link=link)
        db.session.commit()
    flash(_("%(name)s is approved.", name=link.organisation.name), "success")
    return _back(event)


@bp.post("/import")
@login_required
def import_preview(event_id: int):
    """Read an uploaded file and show each row with what is wrong with it; add nothing yet."""
    event = _managed_event(event_id)
    form = ImportOrganisationsForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    error, rows = None, []
    if upload is None or not getattr(upload, "filename", ""):
        error = _("Choose a file to import.")
    else:
        try:
            raw = upload.stream.read(importing.MAX_BYTES + 1)
        finally:
            upload.close()  # a large upload is a temporary file on disk
        try:
            rows = importing.read_file(upload.filename, raw)
        except importing.ImportFileError as failure:
            error = failure.message
    good = [r for r in rows if not r.error]
    confirm = ConfirmImportForm(formdata=None)
    confirm.rows.data = json.dumps([[r.name, r.sector.value] for r in good], ensure_ascii=False)
    existing = {row.name.casefold(): org for row in good if (org := queries.by_name(row.name))}
    return render_template(
        "organisations/import.html", event=event, rows=rows, good=good, error=error,
        confirm=confirm, existing=existing,
        listed={r.organisation.id for r in queries.event_list(event)},
    ), (422 if error else 200)


@bp.post("/import/confirm")
@login_required
def import_confirm(event_id: int):
    """Add the checked rows of the preview to the event's list (each is checked again)."""
    event = _managed_event(event_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = loads_json(form.rows.data or "[]")
    except ValueError:
        abort(400)
    if not isinstance(data, list) or len(data) > importing.MAX_ROWS:
        abort(400)
    table = [(i, [str(c) for c in row]) for i, row in enumerate(data, start=1)
             if isinstance(row, list)]
    try:
        rows = [r for r in importing.check_rows(table) if not r.error]
    except importing.ImportFileError:
        abort(400)
    count = services.import_rows(event=event, actor=current_user,
                                 rows=[(r.name, r.sector) for r in rows])
    db.session.commit()
    flash(_("%(n)d organisations are on the event's list.", n=count), "success")
    return _back(event)


@bp.route("/propose", methods=["GET", "POST"])
@login_required
def propose(event_id: int):
    """A member proposes an organisation missing from the list; usable by them at once."""
    event = db.get_or_404(Event, event_id)
    if not permissions.can_view_event(current_user, event):
        abort(403)
    form = ProposeOrganisationForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            organisation = services.propose(event=event, person=current_user,
                                            name=form.name.data, sector=_sector(form.sector.data))
        except services.OrganisationError as error:
            db.session.rollback()
            (form.sector if error.code == "sector" else form.name).errors.append(
                _error_text(error))
        else:
            db.session.commit()
            flash(_("%(name)s can now be chosen in your forms. The facilitator sees it as "
                    "proposed.", name=organisation.name), "success")
            return redirect(_safe_next(form.next.data) or url_for("events.show",
                                                                  event_id=event.id))
    return render_template("organisations/propose.html", event=event, form=form)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (never another host)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
