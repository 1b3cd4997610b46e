"""paced reveal: the revealed list is stored at the reveal, and how much of it is shown

Revision ID: 0005_main
Revises: 0004
Create Date: 2026-12-01 00:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_main'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('projector_reveal', sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column('projector_shown', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('projector_shown')
        batch_op.drop_column('projector_reveal')
