"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""
from caseworker.models.allocation import Allocation, AllocationUse
from caseworker.models.answer_link import AnswerLink
from caseworker.models.api_token import ApiToken
from caseworker.models.audit import AuditEvent, AuditSeal
from caseworker.models.bank_import import BankImport, UnmatchedRow
from caseworker.models.calendar import CalendarDay
from caseworker.models.casework import EmploymentPlan, Interaction, PlanStep
from caseworker.models.casefile import FieldChange, RegistrationEpisode, TransferRequest
from caseworker.models.geo import (
    CareerCentre, District, DistrictRegion, Region, TerritoryCode, TerritoryName)
from caseworker.models.idempotency import IdempotencyKey
from caseworker.models.imported import ImportedRow
from caseworker.models.indicator import IndicatorDay, IndicatorPlan, IndicatorSnapshot
from caseworker.models.job import Job, ScheduledRun
from caseworker.models.letter import Letter, LetterBatch, LetterCounter, ReferralEvent, UndoneStep
from caseworker.models.outcome import FollowUp, Outcome
from caseworker.models.payment import CommitmentChange, Contract, Payment, Timesheet
from caseworker.models.person import Person, PersonCount
from caseworker.models.occupation import Occupation
from caseworker.models.offer import DeregistrationProposal, Offer
from caseworker.models.provider import (
    Organisation, OrganisationEvent, Provider, ProviderKind)
from caseworker.models.referral import Referral
from caseworker.models.reference import (
    MciRate, Measure, MeasureVersion, PensionAge, ResettlementRate, TargetGroup,
    WithdrawnVersion)
from caseworker.models.roadmap import ProjectProgress, RoadmapProject
from caseworker.models.session import RecoveryCode, UserSession
from caseworker.models.user import LoginFailure, Role, User
from caseworker.models.vacancy import Vacancy

__all__ = [
    "Allocation", "AllocationUse", "AnswerLink", "ApiToken", "IdempotencyKey", "Contract", "Payment", "Timesheet", "AuditEvent", "AuditSeal", "CalendarDay", "CareerCentre", "District", "DistrictRegion", "TerritoryCode", "TerritoryName", "EmploymentPlan", "FieldChange", "Interaction", "PlanStep", "FollowUp", "Outcome", "Letter", "LetterBatch", "LetterCounter", "Provider", "ReferralEvent", "UndoneStep", "RegistrationEpisode",
    "TransferRequest", "LoginFailure", "IndicatorDay", "IndicatorPlan", "IndicatorSnapshot", "Measure", "MeasureVersion", "WithdrawnVersion", "MciRate",
    "PensionAge", "Person", "PersonCount", "ProjectProgress", "Referral", "Region", "ResettlementRate", "RoadmapProject", "Role", "TargetGroup", "User",
    "Job", "ScheduledRun", "ImportedRow", "RecoveryCode", "UserSession",
    "BankImport", "UnmatchedRow", "CommitmentChange",
    "Occupation", "Offer", "DeregistrationProposal", "Organisation", "OrganisationEvent", "ProviderKind", "Vacancy",
]
