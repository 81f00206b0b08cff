"""trust: versions on every row a flow changes, one live tandem per pair, an inbox for
acknowledged requests, per-platform outbox claims with backoff and parked failures

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:50:00

Plain SQLAlchemy types only: migrations are history and must not import live code.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ('people', 'enrollments', 'directory', 'proposed_pairs')


def upgrade() -> None:
    # A plain ADD COLUMN, never batch mode: on SQLite batch mode copies and drops the table,
    # and dropping `people` would cascade to every enrollment and tandem.
    for table in VERSIONED:
        op.add_column(table, sa.Column('version', sa.Integer(), nullable=False,
                                       server_default=sa.text('1')))

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('platform', sa.String(length=16), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('body', existing_type=sa.JSON(), nullable=True)
    # Rows queued before this revision: the kind is the key's first part, the platform the
    # person key's.
    op.execute("UPDATE outbox SET kind = substr(dedupe_key, 1, instr(dedupe_key || ':', ':') - 1)"
               if op.get_bind().dialect.name == 'sqlite' else
               "UPDATE outbox SET kind = split_part(dedupe_key, ':', 1)")
    op.execute("UPDATE outbox SET platform = substr(person_key, 1, "
               "instr(person_key || ':', ':') - 1)"
               if op.get_bind().dialect.name == 'sqlite' else
               "UPDATE outbox SET platform = split_part(person_key, ':', 1)")
    # Sent messages keep no body: what they said may be private.
    op.execute("UPDATE outbox SET body = NULL WHERE sent_at IS NOT NULL")
    op.execute("UPDATE outbox SET failed_at = created_at WHERE failed_reason IS NOT NULL")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=40), server_default=None)
        batch_op.alter_column('platform', existing_type=sa.String(length=16),
                              server_default=None)
    op.create_index('ix_outbox_pending', 'outbox', ['platform', 'id'], unique=False,
                    sqlite_where=sa.text('sent_at IS NULL AND failed_reason IS NULL'),
                    postgresql_where=sa.text('sent_at IS NULL AND failed_reason IS NULL'))
    op.create_index('ix_outbox_person', 'outbox', ['person_key'], unique=False)
    op.create_index('ix_outbox_failed', 'outbox', ['failed_at'], unique=False,
                    sqlite_where=sa.text('failed_reason IS NOT NULL'),
                    postgresql_where=sa.text('failed_reason IS NOT NULL'))
    op.create_index('ix_processed_events_received', 'processed_events', ['received_at'],
                    unique=False)

    op.create_table('inbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('body', sa.JSON(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_reason', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedupe_key')
    )
    op.create_index('ix_inbox_pending', 'inbox', ['id'], unique=False,
                    sqlite_where=sa.text('done_at IS NULL'),
                    postgresql_where=sa.text('done_at IS NULL'))
    op.create_index('ix_inbox_received', 'inbox', ['received_at'], unique=False)

    # A double "Approve" once made two tandems for one pair: dissolve all but the first,
    # then let the database refuse a second live one.
    op.execute("UPDATE tandems SET status = 'dissolved', dissolved_at = approved_at "
               "WHERE status != 'dissolved' AND id NOT IN (SELECT min(id) FROM tandems "
               "WHERE status != 'dissolved' GROUP BY program_id, mentor_id, mentee_id)")
    op.create_index('uq_tandem_live', 'tandems', ['program_id', 'mentor_id', 'mentee_id'],
                    unique=True, sqlite_where=sa.text("status != 'dissolved'"),
                    postgresql_where=sa.text("status != 'dissolved'"))


def downgrade() -> None:
    op.drop_index('uq_tandem_live', table_name='tandems')
    op.drop_index('ix_inbox_received', table_name='inbox')
    op.drop_index('ix_inbox_pending', table_name='inbox')
    op.drop_table('inbox')
    op.drop_index('ix_processed_events_received', table_name='processed_events')
    op.drop_index('ix_outbox_failed', table_name='outbox')
    op.drop_index('ix_outbox_person', table_name='outbox')
    op.drop_index('ix_outbox_pending', table_name='outbox')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('failed_at')
        batch_op.drop_column('last_error')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('platform')
        batch_op.drop_column('kind')
    for table in VERSIONED:
        op.drop_column(table, 'version')
