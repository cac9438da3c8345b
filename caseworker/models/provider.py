"""The register of organisations: employers, training providers, microfinance organisations,
grant commissions (and akimats, which take public works and resettlers). One organisation may
be several of these at once (its kinds). The class and its table keep the name they had when
the register held providers only, so that referrals and everything else pointing at
`provider.id` stay as they are; `Organisation` is the same class."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from sqlalchemy import (
    Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, select)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from caseworker.extensions import db
from caseworker.models.types import utcnow

ORGANISATION_KINDS = ("employer", "training", "microfinance", "grant_commission", "akimat")
PROVIDER_KINDS = ORGANISATION_KINDS
# Which providers a person is referred to, by the measure's kind (a kind not named: any).
KINDS_FOR_MEASURE = {
    "grant": ("grant_commission",), "credit": ("microfinance",), "training": ("training",),
    "subsidised_job": ("employer",), "public_works": ("employer", "akimat"),
    "placement": ("employer",), "mobility": ("akimat",),
}


def _language() -> str:
    """The page's language; outside a request (a job, a command) Russian."""
    try:
        return str(get_locale() or "ru")
    except RuntimeError:  # no request to choose a language from
        return "ru"


class ProviderKind(db.Model):
    """One kind an organisation is (an employer, a training provider...)."""
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("provider.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)

    __table_args__ = (
        CheckConstraint("kind IN ('employer', 'training', 'microfinance', "
                        "'grant_commission', 'akimat')", name="organisation_kind"),
        Index("ix_provider_kind_kind", "kind", "provider_id"),
    )


class Provider(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name_ru: Mapped[str] = mapped_column(String(300))
    # The name in the state language; None for those registered before it was asked (the
    # Russian name stands in).
    name_kk: Mapped[str | None] = mapped_column(String(300))
    # Both names casefolded ("ru kk"): what a search by a part of the name reads.
    name_search: Mapped[str] = mapped_column(String(610))
    bin: Mapped[str] = mapped_column(String(12), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    # None for those registered before districts were asked (the region's register).
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    legal_address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    contact_person: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Deactivated: the day and why (the organisation stays, with its referrals and vacancies).
    deactivated_on: Mapped[date | None] = mapped_column(Date)
    deactivation_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    kind_rows: Mapped[list[ProviderKind]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=ProviderKind.kind,
        passive_deletes=True)
    district = relationship("District")
    region = relationship("Region")

    address = synonym("legal_address")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_provider_region_name", "region_id", "name_search"),
                      Index("ix_provider_district", "district_id"))

    @hybrid_property
    def name(self) -> str:
        """The name in the page's language (Kazakh when there is one), Russian otherwise; in
        SQL, the Russian name (what lists sort by)."""
        if self.name_kk and _language() == "kk":
            return self.name_kk
        return self.name_ru

    @name.inplace.setter
    def _name_set(self, value: str) -> None:
        self.name_ru = value

    @name.inplace.expression
    @classmethod
    def _name_sql(cls):
        return cls.name_ru

    @property
    def kinds(self) -> tuple[str, ...]:
        """The organisation's kinds, in the register's order."""
        have = {row.kind for row in self.kind_rows}
        return tuple(k for k in ORGANISATION_KINDS if k in have)

    @kinds.setter
    def kinds(self, values) -> None:
        wanted = set(values)
        self.kind_rows = [row for row in self.kind_rows if row.kind in wanted] + [
            ProviderKind(kind=k) for k in ORGANISATION_KINDS
            if k in wanted and k not in {row.kind for row in self.kind_rows}]

    def is_kind(self, *kinds: str) -> bool:
        return any(k in kinds for k in self.kinds)

    @classmethod
    def of_kind(cls, *kinds: str):
        """A condition: the organisation is one of these kinds."""
        return cls.id.in_(select(ProviderKind.provider_id).where(ProviderKind.kind.in_(kinds)))


class OrganisationEvent(db.Model):
    """A step of the organisation's own timeline: deactivated (with why, closing its open
    vacancies, which point back at it) or reactivated (which reopens none)."""
    __tablename__ = "organisation_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"))
    kind: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User")
    closed_vacancies = relationship("Vacancy", order_by="Vacancy.id", viewonly=True,
                                    lazy="selectin")

    __table_args__ = (
        CheckConstraint("kind IN ('deactivated', 'reactivated')", name="organisation_event_kind"),
        Index("ix_organisation_event_provider", "provider_id", "recorded_at"))


Organisation = Provider
