"""overview: why a tandem ended (a category) and its open change request

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 04:10:00

Plain SQLAlchemy types only: migrations are history and must not import live code.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable, no default), never batch mode: on SQLite batch mode copies
    # and drops the table.
    op.add_column('tandems', sa.Column('end_reason', sa.String(length=20), nullable=True))
    op.add_column('tandems', sa.Column('change_requested_at', sa.DateTime(timezone=True),
                                       nullable=True))
    op.add_column('tandems', sa.Column('change_requested_by', sa.String(length=10),
                                       nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place; batch mode would copy and drop the table.
    for column in ('change_requested_by', 'change_requested_at', 'end_reason'):
        op.drop_column('tandems', column)
