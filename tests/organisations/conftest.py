"""Factories for the organisations tests."""

from __future__ import annotations

import pytest

from hackathon.enums import OrganisationStatus
from hackathon.extensions import db
from hackathon.organisations.services import ensure_listed


@pytest.fixture
def listed_org(make_org):
    """Factory: an organisation on ``event``'s list (active unless told)."""

    def make(event, name=None, sector=None, status=OrganisationStatus.ACTIVE, added_by=None):
        org = make_org(name, sector) if sector is not None else make_org(name)
        ensure_listed(event=event, organisation=org, added_by=added_by, status=status)
        db.session.commit()
        return org

    return make
