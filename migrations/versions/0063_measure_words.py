"""a measure's notes and each version's source in Kazakh, Russian and English, as its names
are: `measure.notes` becomes `notes_en` and `measure_version.source` becomes `source_en` (their
text is English), beside new `notes_kk`, `notes_ru`, `source_kk` and `source_ru`, empty until
`flask load-reference` fills the shipped measures' and versions' words from the reference files
(the pages show another language's text meanwhile); a withdrawn version's record says
`source_en` where it said `source`

Revision ID: measure_words
Revises: summary_years
Create Date: 2026-12-07 20:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'measure_words'
down_revision = 'summary_years'
branch_labels = None
depends_on = None

WORDS = (('measure', 'notes'), ('measure_version', 'source'))


def upgrade():
    for table, stem in WORDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(stem, new_column_name=f'{stem}_en', existing_type=sa.Text(),
                                  existing_nullable=True)
            batch_op.add_column(sa.Column(f'{stem}_kk', sa.Text(), nullable=True))
            batch_op.add_column(sa.Column(f'{stem}_ru', sa.Text(), nullable=True))
    _rename_said('source', 'source_en', ('source_kk', 'source_ru'))


def downgrade():
    _rename_said('source_en', 'source', ())
    for table, stem in WORDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(f'{stem}_ru')
            batch_op.drop_column(f'{stem}_kk')
            batch_op.alter_column(f'{stem}_en', new_column_name=stem, existing_type=sa.Text(),
                                  existing_nullable=True)


def _rename_said(old: str, new: str, added: tuple[str, ...]):
    """Each withdrawn version's record (a few rows at most) with `old` said as `new`, and the
    `added` keys empty (the other languages' keys dropped going back)."""
    withdrawn = sa.table('withdrawn_version', sa.column('id', sa.Integer),
                         sa.column('said', sa.JSON))
    bind = op.get_bind()
    for row_id, said in bind.execute(sa.select(withdrawn.c.id, withdrawn.c.said)).all():
        said = dict(said or {})
        said[new] = said.pop(old, None)
        for key in ('source_kk', 'source_ru'):
            said.pop(key, None)
        said.update(dict.fromkeys(added))
        bind.execute(withdrawn.update().where(withdrawn.c.id == row_id).values(said=said))
