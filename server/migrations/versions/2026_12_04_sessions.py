"""sessions: a session version per user, refresh-token families, normalised emails

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 15:30:00.000000

Emails are compared after NFKC normalisation and case folding from now on. Stored
emails are rewritten to that form, except where two stored emails fold to the same
address: those rows keep their email as stored (both stay able to log in with exactly
what they registered with until an administrator resolves them), and the migration
names them in a warning. Login failure counters are dropped: their keys change meaning
(per account and client now), and they only ever held the last quarter of an hour.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")


def _fold(email: str) -> str:
    return unicodedata.normalize("NFKC", email).casefold()


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "refresh_families",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_refresh_families_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_families")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("refresh_families", schema=None) as batch_op:
        batch_op.create_index("ix_refresh_families_user_id", ["user_id"], unique=False)
        batch_op.create_index("ix_refresh_families_expires_at", ["expires_at"], unique=False)
    op.execute(sa.text("DELETE FROM login_failures"))

    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, email FROM users ORDER BY id")).all()
    folded: dict[str, list[tuple[int, str]]] = {}
    for user_id, email in rows:
        folded.setdefault(_fold(email), []).append((user_id, email))
    for target, owners in folded.items():
        if len(owners) > 1:
            log.warning(
                "users %s have emails that are the same address after normalisation (%s); "
                "left as stored: deactivate or change all but one",
                ", ".join(str(user_id) for user_id, _ in owners),
                target,
            )
            continue
        user_id, email = owners[0]
        if email != target:
            connection.execute(
                sa.text("UPDATE users SET email = :email WHERE id = :id"),
                {"email": target, "id": user_id},
            )


def downgrade() -> None:
    with op.batch_alter_table("refresh_families", schema=None) as batch_op:
        batch_op.drop_index("ix_refresh_families_expires_at")
        batch_op.drop_index("ix_refresh_families_user_id")
    op.drop_table("refresh_families")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
