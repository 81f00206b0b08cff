"""quick wins: a tandem's draft, each member's consent, its way to the program's channel

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-09 10:00:00

Plain SQLAlchemy types only: migrations are history and must not import live code.
Two new tables; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'quick_wins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('program_id', sa.Integer(), nullable=False),
        sa.Column('tandem_id', sa.Integer(), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('topic', sa.String(length=60), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by', sa.String(length=200), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['program_id'], ['programs.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tandem_id'], ['tandems.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['author_id'], ['people.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_quick_wins_status', 'quick_wins', ['program_id', 'status'],
                    unique=False)
    op.create_table(
        'quick_win_consents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('quick_win_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('approved_revision', sa.Integer(), nullable=True),
        sa.Column('show_name', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['quick_win_id'], ['quick_wins.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('quick_win_id', 'person_id', name='uq_quick_win_consent'),
    )


def downgrade() -> None:
    op.drop_table('quick_win_consents')
    op.drop_index('ix_quick_wins_status', table_name='quick_wins')
    op.drop_table('quick_wins')
