"""Results, what-if and decisions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/events/<int:event_id>/results")
