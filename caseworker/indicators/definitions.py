"""The indicators as data: what each counts, which date puts it into a period, how repeats
count, its unit and version, with names and the written counting rule in kk / ru / en.

`basis` says where the fact comes from:
  events   - referrals whose dated history reached one of `statuses` (ReferralEvent.happened_on)
  outcomes - what came of referrals (Outcome.start_on), limited to `outcome_kinds`
  funds    - amount_kzt of referrals that took a place of the year's allocation
  payments - payments (reversals subtract) by the day they were paid, under the region and
             district of the centre that paid them; one unit is a payment
  projects - Roadmap projects' progress entries (reversals subtract) by the day they were
             reported, under the project's region and district; `progress` names the figure
  vacancies - vacancies by the day they opened, under their region and district; one
             cancelled (entered in error) is taken back from the day it was cancelled
`counts` says what one unit is: a person (counted once a year), a referral, a payment or a
progress entry.

Changing what an indicator counts means a new `version` in force from a date (`since`) and a
rule text that says so; the version it replaces moves to RETIRED, and a report for a date
before `since` is counted by it (`in_force`). Every version is counted in the summary under
its own `key`, so a report for any date reads the figures of the version of that date.

`funds_used` version 2 (payments) is in force from 1 January 2026: the payments register
begins with the 2026 budget year, and a year counted under one definition throughout keeps
its months comparable. Reports for 2025 and before count version 1 (the commitments).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flask_babel import get_locale

REACHED = ("referred", "started", "completed")
USING = ("approved", "referred", "started", "completed")
JOBS = ("permanent_job", "temporary_job", "business_opened")

_CANCELLED_EN = ("A referral cancelled (entered in error, a duplicate, the measure closed) on "
                 "or before the report date is not counted; cancelled later, it still counts "
                 "for earlier report dates.")
_CANCELLED_RU = ("Направление, отменённое (ошибочная запись, дубликат, мера закрыта) на дату "
                 "отчёта или раньше, не учитывается; отменённое позже учитывается в отчётах "
                 "на более ранние даты.")
_CANCELLED_KK = ("Есеп күніне дейін немесе сол күні жойылған жолдама (қате жазба, қайталама, "
                 "шара жабылды) есептелмейді; кейінірек жойылса, ертерек күндердің есебінде "
                 "ескеріледі.")


@dataclass(frozen=True)
class Indicator:
    code: str
    version: int
    unit: str            # persons | referrals | kzt
    basis: str           # events | outcomes | funds
    counts: str          # person | referral
    name_kk: str
    name_ru: str
    name_en: str
    rule_kk: str
    rule_ru: str
    rule_en: str
    measures: tuple[str, ...] = ()       # empty: every measure
    statuses: tuple[str, ...] = ()       # events and funds: the statuses that count
    outcome_kinds: tuple[str, ...] = ()  # outcomes: the kinds that count
    # Statuses that undo a referral from the date they happened (funds: a freed place).
    voided_by: tuple[str, ...] = ("cancelled",)
    projects_only: bool = False  # only referrals to jobs of Employment Roadmap projects
    vacancies_only: bool = False  # only job referrals from accepted offers of vacancies
    progress: str = ""  # projects: funds_used_kzt | jobs_created | permanent_jobs
    since: date | None = None  # the first report date this version counts
    until: date | None = None  # a retired version: the last report date it counts
    retired: bool = False  # a version replaced by a later one (in RETIRED)

    @property
    def key(self) -> str:
        """Where the version's figures are kept: the code, or for a retired version the code
        with its version."""
        return f"{self.code}@v{self.version}" if self.retired else self.code

    @property
    def personal(self) -> bool:
        """Whether its units are persons' records (small counts are then suppressed)."""
        return self.basis not in ("projects", "vacancies")

    @property
    def name(self) -> str:
        return getattr(self, f"name_{get_locale() or 'ru'}", None) or self.name_ru

    @property
    def rule(self) -> str:
        return getattr(self, f"rule_{get_locale() or 'ru'}", None) or self.rule_ru


def _started(code: str, measure: str, names: tuple[str, str, str],
             what: tuple[str, str, str]) -> Indicator:
    """An indicator that counts referrals to one measure that started."""
    kk, ru, en = names
    what_kk, what_ru, what_en = what
    return Indicator(
        code=code, version=1, unit="referrals", basis="events", counts="referral",
        name_kk=kk, name_ru=ru, name_en=en, measures=(measure,), statuses=("started",),
        rule_en=(f"Referrals to the measure “{en}” that reached the status started "
                 f"({what_en}), placed in the period by the date they started. Each referral "
                 f"counts once; a person referred twice counts twice. " + _CANCELLED_EN),
        rule_ru=(f"Направления на меру «{ru}», дошедшие до статуса «начал» ({what_ru}); в "
                 f"период попадают по дате начала. Каждое направление учитывается один раз; "
                 f"лицо, направленное дважды, учитывается дважды. " + _CANCELLED_RU),
        rule_kk=(f"«{kk}» шарасына «бастады» мәртебесіне жеткен жолдамалар ({what_kk}); "
                 f"кезеңге басталған күні бойынша енеді. Әр жолдама бір рет есептеледі; екі "
                 f"рет жолданған адам екі рет есептеледі. " + _CANCELLED_KK),
    )


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="coverage", version=1, unit="persons", basis="events", counts="person",
        statuses=REACHED,
        name_kk="Жұмыспен қамту шараларымен қамту", name_ru="Охват мерами содействия занятости",
        name_en="Coverage by employment measures",
        rule_en=("Persons with a referral to any measure that reached the status referred, "
                 "started or completed. A person counts once a year, placed in the period by "
                 "the date of their first such step in the year, however many referrals they "
                 "have. " + _CANCELLED_EN),
        rule_ru=("Лица, у которых направление на любую меру дошло до статуса «направлен», "
                 "«начал» или «завершил». Лицо учитывается один раз в год, в период попадает "
                 "по дате первого такого шага в году, сколько бы направлений у него ни было. "
                 + _CANCELLED_RU),
        rule_kk=("Кез келген шараға жолдамасы «жолданды», «бастады» немесе «аяқтады» "
                 "мәртебесіне жеткен адамдар. Адам жылына бір рет есептеледі, кезеңге жылдағы "
                 "осындай алғашқы қадамның күні бойынша енеді, жолдамалары қанша болса да. "
                 + _CANCELLED_KK)),
    _started("state_grants", "state_grant",
             ("Мемлекеттік гранттар беру", "Выдача государственных грантов",
              "State grants issued"),
             ("грант төленді", "грант выплачен", "the grant was paid out")),
    _started("microcredits", "microcredit",
             ("Микрокредиттер беру", "Выдача микрокредитов", "Microcredits issued"),
             ("кредит берілді", "кредит выдан", "the loan was disbursed")),
    _started("youth_practice", "youth_practice",
             ("Жастар практикасы", "Молодежная практика", "Youth practice"),
             ("практика басталды", "практика началась", "the internship began")),
    _started("public_works", "public_works",
             ("Қоғамдық жұмыстар", "Общественные работы", "Public works"),
             ("жұмыс басталды", "работа началась", "the work began")),
    _started("social_jobs", "social_job",
             ("Әлеуметтік жұмыс орындары", "Социальные рабочие места", "Social jobs"),
             ("жұмыс басталды", "работа началась", "the job began")),
    Indicator(
        code="training_completed", version=1, unit="referrals", basis="events",
        counts="referral", measures=("short_training", "bastau_business"),
        statuses=("completed",),
        name_kk="Оқуды аяқтағандар", name_ru="Завершили обучение", name_en="Training completed",
        rule_en=("Referrals to short-term vocational training or Bastau Business training "
                 "that reached the status completed, placed in the period by the date they "
                 "were completed. Each completed course counts once. " + _CANCELLED_EN),
        rule_ru=("Направления на краткосрочное профессиональное обучение или обучение «Бастау "
                 "Бизнес», дошедшие до статуса «завершил»; в период попадают по дате "
                 "завершения. Каждый завершённый курс учитывается один раз. " + _CANCELLED_RU),
        rule_kk=("Қысқа мерзімді кәсіптік оқытуға немесе «Бастау Бизнес» оқытуына «аяқтады» "
                 "мәртебесіне жеткен жолдамалар; кезеңге аяқталған күні бойынша енеді. Әр "
                 "аяқталған курс бір рет есептеледі. " + _CANCELLED_KK)),
    _started("resettled", "resettlement",
             ("Қоныс аударғандар", "Переселены", "Resettled"),
             ("көшті", "переехал", "the family moved")),
    Indicator(
        code="employed", version=1, unit="persons", basis="outcomes", counts="person",
        outcome_kinds=JOBS,
        name_kk="Жұмысқа орналасқандар", name_ru="Трудоустроены", name_en="Persons employed",
        rule_en=("Persons with a recorded outcome of a referral that is a permanent job, a "
                 "temporary job or an opened business, placed in the period by the date the "
                 "job began. A person counts once a year, however many jobs they had. "
                 + _CANCELLED_EN),
        rule_ru=("Лица, у которых результат направления — постоянная работа, временная работа "
                 "или открытое дело; в период попадают по дате начала работы. Лицо учитывается "
                 "один раз в год, сколько бы работ у него ни было. " + _CANCELLED_RU),
        rule_kk=("Жолдаманың нәтижесі тұрақты жұмыс, уақытша жұмыс немесе ашылған кәсіп болған "
                 "адамдар; кезеңге жұмыс басталған күні бойынша енеді. Адам жылына бір рет "
                 "есептеледі, жұмыстары қанша болса да. " + _CANCELLED_KK)),
    Indicator(
        code="permanent_jobs", version=1, unit="referrals", basis="outcomes",
        counts="referral", outcome_kinds=("permanent_job",),
        name_kk="Тұрақты жұмыс орындарына орналасу", name_ru="Трудоустройство на постоянную работу",
        name_en="Permanent jobs",
        rule_en=("Recorded outcomes of referrals that are a permanent job, placed in the period "
                 "by the date the job began; each job counts once. " + _CANCELLED_EN),
        rule_ru=("Результаты направлений — постоянная работа; в период попадают по дате начала "
                 "работы; каждая работа учитывается один раз. " + _CANCELLED_RU),
        rule_kk=("Жолдамалардың нәтижесі — тұрақты жұмыс; кезеңге жұмыс басталған күні бойынша "
                 "енеді; әр жұмыс бір рет есептеледі. " + _CANCELLED_KK)),
    Indicator(
        code="roadmap_jobs", version=1, unit="referrals", basis="events", counts="referral",
        statuses=("started",), projects_only=True,
        name_kk="«Жұмыспен қамту жол картасы» жобаларындағы жұмыс орындары",
        name_ru="Рабочие места по проектам «Дорожной карты занятости»",
        name_en="Jobs on Employment Roadmap projects",
        rule_en=("Referrals to a job of an Employment Roadmap project (of any measure) that "
                 "reached the status started, placed in the period by the date the person "
                 "started work. Each referral counts once; the jobs a project reports without "
                 "a referral are shown in the project register, not here. " + _CANCELLED_EN),
        rule_ru=("Направления на рабочие места проектов «Дорожной карты занятости» (по любой "
                 "мере), дошедшие до статуса «начал»; в период попадают по дате выхода на "
                 "работу. Каждое направление учитывается один раз; места, о которых проект "
                 "сообщает без направления, видны в реестре проектов, а не здесь. "
                 + _CANCELLED_RU),
        rule_kk=("«Жұмыспен қамту жол картасы» жобаларының жұмыс орындарына (кез келген шара "
                 "бойынша) «бастады» мәртебесіне жеткен жолдамалар; кезеңге жұмысқа шыққан "
                 "күні бойынша енеді. Әр жолдама бір рет есептеледі; жоба жолдамасыз хабарлаған "
                 "орындар мұнда емес, жобалар тізілімінде көрсетіледі. " + _CANCELLED_KK)),
    Indicator(
        code="funds_used", version=2, unit="kzt", basis="payments", counts="payment",
        since=date(2026, 1, 1),
        name_kk="Бөлінген қаражатты игеру", name_ru="Освоение выделенных средств",
        name_en="Allocated funds used",
        rule_en=("The money paid (tenge): every payment against a referral (grant paid out, "
                 "microcredit issued, a month's wage subsidy, course fee, allowance) paid in "
                 "the year on or before the report date, under the region and district of the "
                 "centre that paid it; a reversal subtracts on the day it was made. (Version 1 "
                 "counted the planned amounts of referrals; they are now 'Funds committed'.)"),
        rule_ru=("Выплаченные средства (тенге): все выплаты по направлениям (выданный грант, "
                 "микрокредит, субсидия за месяц, оплата курса, пособие), произведённые в году "
                 "по дату отчёта включительно, по региону и району центра, который платил; "
                 "сторнирование вычитается в день, когда оно проведено. (Версия 1 учитывала "
                 "плановые суммы направлений; теперь это «Принятые обязательства».)"),
        rule_kk=("Төленген қаражат (теңге): жолдамалар бойынша барлық төлемдер (берілген грант, "
                 "микрокредит, айлық субсидия, курс ақысы, жәрдемақы), жылдың есеп күніне "
                 "дейінгі қоса алғанда төленгені, төлеген орталықтың өңірі мен ауданы бойынша; "
                 "кері қайтару жасалған күні шегеріледі. (1-нұсқа жолдамалардың жоспарлы "
                 "сомаларын есептеді; енді олар «Міндеттелген қаражат».)")),
    Indicator(
        code="funds_committed", version=1, unit="kzt", basis="funds", counts="referral",
        statuses=USING, voided_by=("rejected", "declined", "cancelled"),
        name_kk="Міндеттелген қаражат", name_ru="Принятые обязательства по средствам",
        name_en="Funds committed",
        rule_en=("The amounts (tenge) of referrals that took a place of this year's allocation "
                 "(approved, referred, started or completed), placed in the period by the date "
                 "they first took it. A referral rejected, declined or cancelled on or before "
                 "the report date has freed its place and its amount is not counted."),
        rule_ru=("Суммы (тенге) направлений, занявших место из выделенного на этот год "
                 "(одобрено, направлен, начал или завершил); в период попадают по дате, когда "
                 "место было занято впервые. Направление, отклонённое, отказанное или "
                 "отменённое на дату отчёта или раньше, освободило место, и его сумма не "
                 "учитывается."),
        rule_kk=("Осы жылға бөлінген орынды алған жолдамалардың сомалары (теңге) (мақұлданды, "
                 "жолданды, бастады немесе аяқтады); кезеңге орын алғаш алынған күні бойынша "
                 "енеді. Есеп күніне дейін немесе сол күні қабылданбаған, бас тартылған немесе "
                 "жойылған жолдама орнын босатты, оның сомасы есептелмейді.")),
)

# The labour exchange's indicators count from the first report date of 2026: vacancies and
# offers are registered from then on.
INDICATORS += (
    Indicator(
        code="vacancies_registered", version=1, unit="vacancies", basis="vacancies",
        counts="vacancy", since=date(2026, 1, 1),
        name_kk="Тіркелген бос жұмыс орындары", name_ru="Зарегистрировано вакансий",
        name_en="Vacancies registered",
        rule_en=("Vacancies entered or imported from the labour exchange, placed in the period "
                 "by the day they opened, under the district of the job. Each vacancy counts "
                 "once, whatever its places; one cancelled (entered in error) on or before the "
                 "report date is not counted, cancelled later it still counts for earlier "
                 "report dates. Filled or closed vacancies still count."),
        rule_ru=("Вакансии, внесённые или импортированные с биржи труда; в период попадают по "
                 "дате открытия, по району рабочего места. Каждая вакансия учитывается один "
                 "раз, сколько бы в ней ни было мест; отменённая (ошибочная запись) на дату "
                 "отчёта или раньше не учитывается, отменённая позже учитывается в отчётах на "
                 "более ранние даты. Заполненные и закрытые вакансии учитываются."),
        rule_kk=("Енгізілген немесе еңбек биржасынан импортталған бос орындар; кезеңге ашылған "
                 "күні бойынша, жұмыс орнының ауданы бойынша енеді. Әр бос орын орындар санына "
                 "қарамастан бір рет есептеледі; есеп күніне дейін немесе сол күні жойылғаны "
                 "(қате жазба) есептелмейді, кейінірек жойылса, ертерек күндердің есебінде "
                 "ескеріледі. Толтырылған және жабылған бос орындар есептеледі.")),
    Indicator(
        code="vacancies_filled", version=1, unit="referrals", basis="events",
        counts="referral", statuses=("started",), vacancies_only=True,
        since=date(2026, 1, 1),
        name_kk="Жолдамалар арқылы толтырылған бос орындар",
        name_ru="Вакансии, заполненные по направлениям",
        name_en="Vacancies filled through referrals",
        rule_en=("Referrals to a vacancy (made when the person accepted an offer of it) that "
                 "reached the status started, placed in the period by the date the person "
                 "started work. Each referral fills one place once. " + _CANCELLED_EN),
        rule_ru=("Направления на вакансию (оформленные, когда лицо приняло её предложение), "
                 "дошедшие до статуса «начал»; в период попадают по дате выхода на работу. "
                 "Каждое направление заполняет одно место один раз. " + _CANCELLED_RU),
        rule_kk=("Бос орынға жолдамалар (адам оның ұсынысын қабылдағанда ресімделген) "
                 "«бастады» мәртебесіне жеткендері; кезеңге жұмысқа шыққан күні бойынша "
                 "енеді. Әр жолдама бір орынды бір рет толтырады. " + _CANCELLED_KK)),
    Indicator(
        code="vacancy_placements", version=1, unit="persons", basis="outcomes",
        counts="person", outcome_kinds=JOBS, vacancies_only=True, since=date(2026, 1, 1),
        name_kk="Бос орындар арқылы жұмысқа орналасу",
        name_ru="Трудоустройство через вакансии",
        name_en="Placements through vacancies",
        rule_en=("Persons with a recorded job outcome (permanent, temporary, a business) of a "
                 "referral to a vacancy, placed in the period by the date the job began. A "
                 "person counts once a year. " + _CANCELLED_EN),
        rule_ru=("Лица, у которых результат направления на вакансию — работа (постоянная, "
                 "временная, своё дело); в период попадают по дате начала работы. Лицо "
                 "учитывается один раз в год. " + _CANCELLED_RU),
        rule_kk=("Бос орынға жолдаманың нәтижесі жұмыс (тұрақты, уақытша, өз ісі) болған "
                 "адамдар; кезеңге жұмыс басталған күні бойынша енеді. Адам жылына бір рет "
                 "есептеледі. " + _CANCELLED_KK)),
)


def _progress(code: str, figure: str, unit: str, names: tuple[str, str, str],
              what: tuple[str, str, str]) -> Indicator:
    """An indicator that sums one figure of the Roadmap projects' progress entries."""
    kk, ru, en = names
    what_kk, what_ru, what_en = what
    return Indicator(
        code=code, version=1, unit=unit, basis="projects", counts="entry", progress=figure,
        name_kk=kk, name_ru=ru, name_en=en,
        rule_en=(f"{what_en} as the Employment Roadmap projects reported them: the progress "
                 "entries dated in the year on or before the report date, under the project's "
                 "region and district (a project of the whole region counts in the region "
                 "only). An entry corrected later is taken back by its reversal from the day "
                 "of the correction, so an earlier report date shows it as it was reported."),
        rule_ru=(f"{what_ru} по отчётам проектов «Дорожной карты занятости»: записи о ходе "
                 "работ, датированные годом отчёта по дату отчёта включительно, по региону и "
                 "району проекта (проект всего региона учитывается только в регионе). "
                 "Исправленная запись снимается её сторнированием со дня исправления, так что "
                 "отчёт на более раннюю дату показывает её такой, какой она была сообщена."),
        rule_kk=(f"{what_kk} «Жұмыспен қамту жол картасы» жобаларының есептері бойынша: "
                 "жылдың есеп күніне дейінгі қоса алғанда күні қойылған барыс жазбалары, "
                 "жобаның өңірі мен ауданы бойынша (бүкіл өңірдің жобасы тек өңірде "
                 "есептеледі). Кейін түзетілген жазба түзету күнінен бастап кері қайтарумен "
                 "алынады, сондықтан ертерек күннің есебі оны хабарланған күйінде көрсетеді."))


INDICATORS += (
    _progress("project_funds_used", "funds_used_kzt", "kzt",
              ("Жобалар бойынша қаражатты игеру", "Освоение средств по проектам",
               "Use of funds for projects"),
              ("Жұмсалған қаражат (теңге)", "Использованные средства (тенге)",
               "The funds used (tenge)")),
    _progress("project_jobs_created", "jobs_created", "jobs",
              ("Жобаларда құрылған жұмыс орындары", "Создано рабочих мест по проектам",
               "Jobs created by projects"),
              ("Құрылған жұмыс орындары (уақытша және тұрақты)",
               "Созданные рабочие места (временные и постоянные)",
               "The jobs created (temporary and permanent)")),
    _progress("project_permanent_jobs", "permanent_jobs", "jobs",
              ("Жобаларда құрылған тұрақты жұмыс орындары",
               "Создано постоянных рабочих мест по проектам",
               "Permanent jobs created by projects"),
              ("Құрылған тұрақты жұмыс орындары", "Созданные постоянные рабочие места",
               "The permanent jobs created")),
)

# Versions replaced by a later one: counted for report dates before the later one's `since`.
RETIRED: tuple[Indicator, ...] = (
    replace(next(i for i in INDICATORS if i.code == "funds_committed"), code="funds_used",
            retired=True, until=date(2025, 12, 31),
            name_kk="Бөлінген қаражатты игеру", name_ru="Освоение выделенных средств",
            name_en="Allocated funds used"),
)

# Every version the summary keeps (current and retired), each under its key.
COUNTED: tuple[Indicator, ...] = INDICATORS + RETIRED

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}


def get(code: str) -> Indicator | None:
    return BY_CODE.get(code)


def in_force(code: str, as_of: date) -> Indicator | None:
    """The version of the indicator that counts a report for `as_of`."""
    versions = sorted((i for i in COUNTED if i.code == code), key=lambda i: i.version)
    chosen = None
    for ind in versions:
        if ind.since is None or ind.since <= as_of:
            chosen = ind
    return chosen or (versions[0] if versions else None)


def for_date(as_of: date) -> tuple[Indicator, ...]:
    """The indicators in the order of INDICATORS, each in the version of `as_of`."""
    return tuple(in_force(ind.code, as_of) for ind in INDICATORS)
