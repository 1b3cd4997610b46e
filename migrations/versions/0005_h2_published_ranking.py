"""published ranking: the official ranking as it was when the decision was published

Revision ID: 0005_h2
Revises: 0005_main
Create Date: 2026-11-30 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_h2'
down_revision = '0005_h3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('published_ranking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('model_key', sa.String(length=100), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('samples', sa.Integer(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=True),
    sa.Column('adoption_id', sa.Integer(), nullable=True),
    sa.Column('model_snapshot', sa.JSON(), nullable=False),
    sa.Column('proposal_ids', sa.JSON(), nullable=False),
    sa.Column('score_rows', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['adoption_id'], ['weighting_adoption.id'], name=op.f('fk_published_ranking_adoption_id_weighting_adoption'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_published_ranking_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_published_ranking')),
    sa.UniqueConstraint('event_id', name=op.f('uq_published_ranking_event_id'))
    )


def downgrade():
    op.drop_table('published_ranking')
