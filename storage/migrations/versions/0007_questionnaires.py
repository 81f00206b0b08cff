"""questionnaires: retros, pairing fit, mid-program check-in and final evaluation; pause start

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 17:00:00

Plain SQLAlchemy types only: migrations are history and must not import live code.
Plain ADD COLUMN on `tandems` and `enrollments`, never batch mode (on SQLite batch mode copies
and drops the table, and dropping `tandems` would cascade to its members).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "completed_at IS NULL"


def upgrade() -> None:
    op.add_column('enrollments', sa.Column('paused_from', sa.Date(), nullable=True))
    op.add_column('tandems', sa.Column('continued_at', sa.DateTime(timezone=True),
                                       nullable=True))
    op.create_table(
        'responses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('program_id', sa.Integer(), nullable=False),
        sa.Column('tandem_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('subject', sa.String(length=40), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('ordinal', sa.Integer(), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('shared_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['program_id'], ['programs.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tandem_id'], ['tandems.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('tandem_id', 'person_id', 'kind', 'subject', name='uq_response'),
    )
    op.create_index('ix_responses_open', 'responses', ['program_id', 'asked_at'],
                    unique=False, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_table(
        'answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('question', sa.String(length=40), nullable=False),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('choice', sa.String(length=20), nullable=True),
        sa.Column('skipped', sa.Boolean(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('response_id', 'question', name='uq_answer'),
    )
    op.create_table(
        'answer_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('question', sa.String(length=40), nullable=False),
        sa.Column('text', sa.String(length=1000), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('response_id', 'question', name='uq_answer_text'),
    )


def downgrade() -> None:
    op.drop_table('answer_texts')
    op.drop_table('answers')
    op.drop_index('ix_responses_open', table_name='responses')
    op.drop_table('responses')
    op.drop_column('tandems', 'continued_at')
    op.drop_column('enrollments', 'paused_from')
