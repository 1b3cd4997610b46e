"""role allowance: a person may be both reviewer and participant when a facilitator allows it

Revision ID: 0005_h3
Revises: 0004
Create Date: 2026-11-30 23:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_h3"
down_revision = "0005_h4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "role_allowance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("allowed_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["allowed_by_id"], ["person.id"],
                                name=op.f("fk_role_allowance_allowed_by_id_person"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"],
                                name=op.f("fk_role_allowance_event_id_event"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_role_allowance_person_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_allowance")),
        sa.UniqueConstraint("event_id", "person_id",
                            name=op.f("uq_role_allowance_event_id_person_id")),
    )
    with op.batch_alter_table("role_allowance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_allowance_event_id"), ["event_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("role_allowance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_allowance_event_id"))
    op.drop_table("role_allowance")
