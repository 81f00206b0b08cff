"""sessions: logged sessions, check-ins, each tandem's due day, people's own working time

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 15:00:00

Plain SQLAlchemy types only: migrations are history and must not import live code.
Plain ADD COLUMN on `tandems`, never batch mode: on SQLite batch mode copies and drops the
table, and dropping `tandems` would cascade to its members.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status = 'active'"
READY = "sent_at IS NULL AND failed_reason IS NULL AND next_attempt_at IS NULL"
WAITING = "sent_at IS NULL AND failed_reason IS NULL AND next_attempt_at IS NOT NULL"


def _day(value: object) -> date:
    """SQLite gives stored text back, PostgreSQL a datetime."""
    if isinstance(value, datetime):
        return value.date()
    return datetime.fromisoformat(str(value)).date()


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column('people', sa.Column('hours_start', sa.Integer(), nullable=True))
    op.add_column('people', sa.Column('hours_end', sa.Integer(), nullable=True))
    op.add_column('people', sa.Column('work_days', sa.JSON(), nullable=True))
    for column in ('last_session_on', 'planned_on', 'due_on'):
        op.add_column('tandems', sa.Column(column, sa.Date(), nullable=True))
    # An active tandem's first session is due one cadence after its kick-off completed.
    for tandem_id, activated_at, cadence in bind.execute(sa.text(
            "SELECT id, activated_at, cadence_days FROM tandems "
            "WHERE status = 'active' AND activated_at IS NOT NULL")).all():
        bind.execute(sa.text("UPDATE tandems SET due_on = :due WHERE id = :id"),
                     {"due": _day(activated_at) + timedelta(days=cadence), "id": tandem_id})
    op.create_index('ix_tandems_due', 'tandems', ['program_id', 'due_on'], unique=False,
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))

    op.create_table(
        'sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tandem_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('topic', sa.String(length=200), nullable=True),
        sa.Column('logged_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['logged_by'], ['people.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['tandem_id'], ['tandems.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('tandem_id', 'held_on', name='uq_session_day'),
    )
    op.create_table(
        'checkins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tandem_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('snoozed_until', sa.Date(), nullable=True),
        sa.Column('answer', sa.String(length=12), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tandem_id'], ['tandems.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('tandem_id', 'person_id', 'kind', 'period', name='uq_checkin'),
    )
    op.create_index('ix_checkins_open', 'checkins', ['tandem_id'], unique=False,
                    sqlite_where=sa.text("closed_at IS NULL"),
                    postgresql_where=sa.text("closed_at IS NULL"))
    # The claim reads only messages free to go now; those waiting for a time (working hours,
    # a retry) are found by that time. Existing rows with a time become ready by the claim.
    op.create_index('ix_outbox_ready', 'outbox', ['platform', 'id'], unique=False,
                    sqlite_where=sa.text(READY), postgresql_where=sa.text(READY))
    op.create_index('ix_outbox_waiting', 'outbox', ['platform', 'next_attempt_at'],
                    unique=False,
                    sqlite_where=sa.text(WAITING), postgresql_where=sa.text(WAITING))


def downgrade() -> None:
    op.drop_index('ix_outbox_waiting', table_name='outbox')
    op.drop_index('ix_outbox_ready', table_name='outbox')
    op.drop_index('ix_checkins_open', table_name='checkins')
    op.drop_table('checkins')
    op.drop_table('sessions')
    op.drop_index('ix_tandems_due', table_name='tandems')
    for column in ('due_on', 'planned_on', 'last_session_on'):
        op.drop_column('tandems', column)
    for column in ('work_days', 'hours_end', 'hours_start'):
        op.drop_column('people', column)
