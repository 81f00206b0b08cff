"""members: a tandem is a set of members with roles (pairs, circles, peers), proposals name
their members, peers say what they want to learn, projects record a deliverable

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 14:00:00

Plain SQLAlchemy types only: migrations are history and must not import live code.
Existing 1:1 tandems become two member rows each (the mentor's and the mentee's agreement
moves with them); existing proposals keep their pair as members.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "status != 'dissolved'"


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column('enrollments', sa.Column('wants', sa.JSON(), nullable=True))

    # Read the pairs first: on SQLite the batch below copies and drops `tandems`.
    old = bind.execute(sa.text(
        "SELECT id, mentor_id, mentee_id, rules_mentor_at, rules_mentee_at, "
        "cadence_mentor_at, cadence_mentee_at FROM tandems ORDER BY id")).all()
    op.drop_index('uq_tandem_live', table_name='tandems')
    with op.batch_alter_table('tandems', schema=None) as batch_op:
        batch_op.add_column(sa.Column('format', sa.String(length=12), nullable=False,
                                      server_default='one_to_one'))
        batch_op.add_column(sa.Column('members_key', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('deliverable', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('target_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True))
        for column in ('rules_mentor_at', 'rules_mentee_at', 'cadence_mentor_at',
                       'cadence_mentee_at', 'mentor_id', 'mentee_id'):
            batch_op.drop_column(column)

    op.create_table(
        'tandem_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tandem_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('rules_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cadence_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tandem_id'], ['tandems.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('tandem_id', 'person_id', name='uq_tandem_member'),
    )
    rows = []
    for tandem_id, mentor, mentee, rules_mentor, rules_mentee, cad_mentor, cad_mentee in old:
        rows += [dict(tandem_id=tandem_id, person_id=mentor, role='mentor',
                      rules_at=rules_mentor, cadence_at=cad_mentor, left_at=None, version=1),
                 dict(tandem_id=tandem_id, person_id=mentee, role='mentee',
                      rules_at=rules_mentee, cadence_at=cad_mentee, left_at=None, version=1)]
        bind.execute(sa.text("UPDATE tandems SET members_key = :key WHERE id = :id"),
                     {"key": ",".join(str(i) for i in sorted((mentor, mentee))),
                      "id": tandem_id})
    if rows:  # as read, untyped: SQLite gives its stored text back, PostgreSQL datetimes
        bind.execute(sa.text(
            "INSERT INTO tandem_members (tandem_id, person_id, role, rules_at, cadence_at, "
            "left_at, version) VALUES (:tandem_id, :person_id, :role, :rules_at, "
            ":cadence_at, :left_at, :version)"), rows)
    op.create_index('uq_tandem_live', 'tandems', ['program_id', 'members_key'], unique=True,
                    sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))

    pairs = bind.execute(sa.text(
        "SELECT id, mentor_key, mentee_key FROM proposed_pairs")).all()
    op.add_column('proposed_pairs', sa.Column('members', sa.JSON(), nullable=True))
    table = sa.table('proposed_pairs', sa.column('id', sa.Integer()),
                     sa.column('members', sa.JSON()))
    for pair_id, mentor_key, mentee_key in pairs:
        bind.execute(table.update().where(table.c.id == pair_id).values(
            members=[[mentor_key, 'mentor'], [mentee_key, 'mentee']]))
    with op.batch_alter_table('proposed_pairs', schema=None) as batch_op:
        batch_op.alter_column('members', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('mentor_key')
        batch_op.drop_column('mentee_key')


def downgrade() -> None:
    raise NotImplementedError("0005 cannot be undone: circles have no mentor/mentee columns")
