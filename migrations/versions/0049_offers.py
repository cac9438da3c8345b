"""matching and suitable-job offers: a person's desired occupations as classifier codes (the
each indexed with the district and status for a vacancy's candidates), locality, expected and
last wage; offers of vacancies and their answers; deregistration proposals after two refusals
of suitable work

Revision ID: offers
Revises: partner_answers
Create Date: 2026-12-07 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'offers'
down_revision = 'partner_answers'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('occupation_codes', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('occupation_code', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('occupation_code_2', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('occupation_code_3', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('locality', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('expected_wage', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_wage', sa.Integer(), nullable=True))
        batch_op.create_index('ix_person_district_occupation',
                              ['district_id', 'status', 'occupation_code'], unique=False)
        batch_op.create_index('ix_person_district_occupation_2',
                              ['district_id', 'status', 'occupation_code_2'], unique=False)
        batch_op.create_index('ix_person_district_occupation_3',
                              ['district_id', 'status', 'occupation_code_3'], unique=False)
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.alter_column('occupation_codes', existing_type=sa.JSON(),
                              existing_nullable=False, server_default=None)

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vacancy_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_referral_vacancy_id_vacancy'), 'vacancy',
                                    ['vacancy_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_referral_vacancy_id'), ['vacancy_id'],
                              unique=False)

    op.create_table(
        'offer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('vacancy_id', sa.Integer(), nullable=False),
        sa.Column('offered_on', sa.Date(), nullable=False),
        sa.Column('offered_by_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('refusal_reason', sa.String(length=20), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('referral_id', sa.Integer(), nullable=True),
        sa.Column('suitable', sa.Boolean(), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('rules_from', sa.Date(), nullable=True),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=False),
        sa.Column('voided_at', sa.DateTime(), nullable=True),
        sa.Column('voided_by_id', sa.Integer(), nullable=True),
        sa.Column('void_reason', sa.Text(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint("state IN ('offered', 'accepted', 'refused', 'no_answer')",
                           name=op.f('ck_offer_offer_state')),
        sa.CheckConstraint('answered_on IS NULL OR answered_on >= offered_on',
                           name=op.f('ck_offer_offer_answer_after')),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                                name=op.f('fk_offer_person_id_person')),
        sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'],
                                name=op.f('fk_offer_vacancy_id_vacancy')),
        sa.ForeignKeyConstraint(['offered_by_id'], ['user.id'],
                                name=op.f('fk_offer_offered_by_id_user')),
        sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'],
                                name=op.f('fk_offer_answered_by_id_user')),
        sa.ForeignKeyConstraint(['referral_id'], ['referral.id'],
                                name=op.f('fk_offer_referral_id_referral')),
        sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'],
                                name=op.f('fk_offer_entered_by_id_user')),
        sa.ForeignKeyConstraint(['voided_by_id'], ['user.id'],
                                name=op.f('fk_offer_voided_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_offer')),
    )
    op.create_index('ix_offer_person', 'offer', ['person_id', 'offered_on'], unique=False)
    op.create_index('ix_offer_vacancy', 'offer', ['vacancy_id', 'state'], unique=False)

    op.create_table(
        'deregistration_proposal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('offer_id', sa.Integer(), nullable=False),
        sa.Column('proposed_on', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'confirmed', 'rejected')",
                           name=op.f('ck_deregistration_proposal_proposal_state')),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                                name=op.f('fk_deregistration_proposal_person_id_person')),
        sa.ForeignKeyConstraint(['district_id'], ['district.id'],
                                name=op.f('fk_deregistration_proposal_district_id_district')),
        sa.ForeignKeyConstraint(['offer_id'], ['offer.id'],
                                name=op.f('fk_deregistration_proposal_offer_id_offer')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'],
                                name=op.f('fk_deregistration_proposal_decided_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deregistration_proposal')),
    )
    op.create_index('ix_proposal_district_state', 'deregistration_proposal',
                    ['district_id', 'state'], unique=False)
    op.create_index('ix_proposal_person', 'deregistration_proposal', ['person_id', 'state'],
                    unique=False)


def downgrade():
    op.drop_index('ix_proposal_person', table_name='deregistration_proposal')
    op.drop_index('ix_proposal_district_state', table_name='deregistration_proposal')
    op.drop_table('deregistration_proposal')
    op.drop_index('ix_offer_vacancy', table_name='offer')
    op.drop_index('ix_offer_person', table_name='offer')
    op.drop_table('offer')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_vacancy_id'))
        batch_op.drop_constraint(batch_op.f('fk_referral_vacancy_id_vacancy'),
                                 type_='foreignkey')
        batch_op.drop_column('vacancy_id')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_district_occupation_3')
        batch_op.drop_index('ix_person_district_occupation_2')
        batch_op.drop_index('ix_person_district_occupation')
        batch_op.drop_column('occupation_code_3')
        batch_op.drop_column('occupation_code_2')
        batch_op.drop_column('last_wage')
        batch_op.drop_column('expected_wage')
        batch_op.drop_column('locality')
        batch_op.drop_column('occupation_code')
        batch_op.drop_column('occupation_codes')
