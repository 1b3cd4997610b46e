"""each event's organisations

Revision ID: 0007_orgs
Revises: 0006_followup
Create Date: 2026-12-01 03:30:00

Every existing event gets, as active, the organisations already linked to it through its
people, invitations, proposals, decisions and prototypes, so nothing existing disappears
from its dropdowns.
"""
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_orgs'
down_revision = '0006_followup'
branch_labels = None
depends_on = None

# (event id, organisation id) pairs already linked, one query per referencing table.
LINKED = (
    "SELECT r.event_id, p.organisation_id FROM event_role r JOIN person p ON p.id = r.person_id"
    " WHERE p.organisation_id IS NOT NULL",
    "SELECT event_id, organisation_id FROM invitation WHERE organisation_id IS NOT NULL",
    "SELECT event_id, problem_owner_id FROM proposal WHERE problem_owner_id IS NOT NULL",
    "SELECT p.event_id, po.organisation_id FROM proposal_organisation po"
    " JOIN proposal p ON p.id = po.proposal_id",
    "SELECT event_id, problem_owner_id FROM decision WHERE problem_owner_id IS NOT NULL",
    "SELECT d.event_id, o.organisation_id FROM process_owner o JOIN decision d"
    " ON d.id = o.decision_id",
    "SELECT event_id, problem_owner_id FROM prototype WHERE problem_owner_id IS NOT NULL",
    "SELECT event_id, operation_owner_id FROM prototype WHERE operation_owner_id IS NOT NULL",
    "SELECT p.event_id, b.organisation_id FROM business_case_line b JOIN prototype p"
    " ON p.id = b.prototype_id WHERE b.organisation_id IS NOT NULL",
    "SELECT p.event_id, c.organisation_id FROM prototype_contact c JOIN prototype p"
    " ON p.id = c.prototype_id WHERE c.organisation_id IS NOT NULL",
)


def upgrade():
    table = op.create_table('event_organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('active', 'proposed', name='organisationstatus', native_enum=False, create_constraint=False, length=32), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['person.id'], name=op.f('fk_event_organisation_added_by_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_organisation_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_event_organisation_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_organisation')),
    sa.UniqueConstraint('event_id', 'organisation_id', name=op.f('uq_event_organisation_event_id_organisation_id'))
    )
    with op.batch_alter_table('event_organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_organisation_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_organisation_organisation_id'), ['organisation_id'], unique=False)

    bind = op.get_bind()
    pairs = set()
    for query in LINKED:
        pairs |= {(row[0], row[1]) for row in bind.execute(sa.text(query))}
    for event_id, spread_to in bind.execute(sa.text("SELECT event_id, spread_to FROM prototype")):
        ids = json.loads(spread_to) if isinstance(spread_to, str) else spread_to
        pairs |= {(event_id, int(i)) for i in ids or [] if isinstance(i, int)}
    existing = {row[0] for row in bind.execute(sa.text("SELECT id FROM organisation"))}
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {"event_id": e, "organisation_id": o, "status": "active", "added_by_id": None,
         "created_at": now}
        for e, o in sorted(pairs) if o in existing
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade():
    with op.batch_alter_table('event_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_organisation_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_event_organisation_event_id'))

    op.drop_table('event_organisation')
