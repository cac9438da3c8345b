"""second-factor secrets encrypted at rest: the column widens to hold AES-GCM values, and the
secrets stored in clear are encrypted with the key of the running configuration
(CASEWORKER_SECRETS_KEY, else derived from the secret key); the downgrade decrypts them

Revision ID: secrets_at_rest
Revises: undone_steps
Create Date: 2026-12-07 09:40:00

"""
from alembic import op
import sqlalchemy as sa
from flask import current_app

from caseworker import secrets_at_rest


revision = 'secrets_at_rest'
down_revision = 'undone_steps'
branch_labels = None
depends_on = None

users = sa.table('user', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))


def _rewrite(change) -> None:
    """Each stored secret through `change(key, value, context)`, or left as it is (None)."""
    key = secrets_at_rest.app_key(current_app.config)
    bind = op.get_bind()
    rows = bind.execute(sa.select(users.c.id, users.c.totp_secret)
                        .where(users.c.totp_secret.is_not(None))).all()
    changed = [(user_id, change(key, stored, f"user:{user_id}")) for user_id, stored in rows]
    for user_id, new in changed:  # every value worked out before the first is written
        if new is not None:
            bind.execute(users.update().where(users.c.id == user_id).values(totp_secret=new))


def _encrypt(key, stored, context):
    if secrets_at_rest.is_encrypted(stored):
        return None
    return secrets_at_rest.encrypt(key, stored, context)


def _decrypt(key, stored, context):
    if not secrets_at_rest.is_encrypted(stored):
        return None
    return secrets_at_rest.decrypt(key, stored, context)


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=32),
                              type_=sa.String(length=120), existing_nullable=True)
    _rewrite(_encrypt)


def downgrade():
    # with another key than the upgrade's, a secret cannot be opened: the downgrade stops
    # (secrets_at_rest.Unreadable) and changes nothing
    _rewrite(_decrypt)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=120),
                              type_=sa.String(length=32), existing_nullable=True)
