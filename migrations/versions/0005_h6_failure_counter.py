"""failure counters shared by all workers (wrong codes and passwords)

Revision ID: 0005_h6
Revises: 0004
Create Date: 2026-11-30 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_h6'
down_revision = '0005_main'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'failure_counter',
        sa.Column('bucket', sa.String(length=100), nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('bucket', name=op.f('pk_failure_counter')),
    )
    with op.batch_alter_table('failure_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_failure_counter_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('failure_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failure_counter_expires_at'))
    op.drop_table('failure_counter')
