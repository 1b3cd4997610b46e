"""The facilitators' view of the audit log (read only: there is no route that changes it)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/events/<int:event_id>/audit")
