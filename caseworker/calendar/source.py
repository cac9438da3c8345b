"""Where a year's calendar days come from: the `holidays` package (public holidays, the
Labour Code's moves of a holiday off a weekend, the government's decreed transfers), corrected
by `reference_data/calendar_additions.csv`, or a CSV file an admin brings.

No Flask, no database: rows only. `operations.check_year` decides whether they may be saved.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ADDITIONS = Path(__file__).resolve().parent.parent / "reference_data" / "calendar_additions.csv"
COLUMNS = ("date", "kind", "name_kk", "name_ru", "name_en", "source")

# The package names holidays in Kazakh and English only; Russian by the Kazakh name.
RUSSIAN = {
    "Жаңа жыл": "Новый год",
    "Православиелік Рождество": "Православное Рождество",
    "Халықаралық әйелдер күні": "Международный женский день",
    "Наурыз мейрамы": "Наурыз мейрамы",
    "Қазақстан халқының бірлігі мерекесі": "Праздник единства народа Казахстана",
    "Отан Қорғаушы күні": "День защитника Отечества",
    "Жеңіс күні": "День Победы",
    "Астана күні": "День Столицы",
    "Қазақстан Республикасының Конституциясы күні": "День Конституции Республики Казахстан",
    "Республика күні": "День Республики",
    "Қазақстан Республикасы күні": "День Республики Казахстан",
    "Қазақстан Республикасының Тұңғыш Президенті күні":
        "День Первого Президента Республики Казахстан",
    "Тәуелсіздік күні": "День Независимости",
    "Құрбан айт": "Курбан айт",
}
# The package's marks after a name, and how they read in Russian.
MARKS = {"қайта белгіленген демалыс": "перенесённый выходной",
         "бағаланған": "дата предварительная"}


@dataclass(frozen=True)
class DayRow:
    day: date
    kind: str
    name_kk: str
    name_ru: str
    name_en: str
    source: str


class UnreadableFile(ValueError):
    """A calendar file that is not the CSV it should be; says which line and why."""


def _russian(name_kk: str) -> str:
    base, _, marks = name_kk.partition(" (")
    russian = RUSSIAN.get(base, base)
    if marks:
        russian += " (" + ", ".join(MARKS.get(m.strip(), m.strip())
                                    for m in marks.rstrip(")").split(",")) + ")"
    return russian


def package_version() -> str:
    import holidays
    return f"holidays {holidays.__version__}"


def _transfers(year: int) -> list[tuple[date, date]]:
    """(day off, day worked instead) of the government's decrees for `year`, as the package
    keeps them: (month, day, month worked, day worked[, year worked])."""
    from holidays.countries.kazakhstan import KazakhstanStaticHolidays
    entries = KazakhstanStaticHolidays.special_public_holidays.get(year, ())
    if entries and isinstance(entries[0], int):
        entries = (entries,)
    return [(date(year, e[0], e[1]), date(e[4] if len(e) > 4 else year, e[2], e[3]))
            for e in entries]


def from_package(year: int) -> list[DayRow]:
    """The package's days of `year`: holidays, days off (a holiday moved off a weekend, or a
    decreed transfer) and the weekend days worked for a decreed transfer."""
    from holidays.countries.kazakhstan import Kazakhstan
    version = package_version()
    kazakh = Kazakhstan(years=year, language="kk")
    english = Kazakhstan(years=year, language="en_US")
    decreed = {off: worked for off, worked in _transfers(year)}
    rows = []
    for day in sorted(kazakh):
        if day in decreed:
            worked = decreed[day]
            rows.append(DayRow(
                day, "day_off", kazakh[day], f"Выходной день (перенесён с {worked:%d.%m.%Y})",
                f"Day off (moved from {worked:%d.%m.%Y})",
                f"{version}: government decree on moving days off in {year}"))
            continue
        names_kk = kazakh[day].split("; ")
        observed = "(observed" in english[day]
        estimated = "(estimated" in english[day]
        source = (f"{version}: a holiday on a day off moves to the next working day "
                  "(Labour Code, art. 85)" if observed else f"{version}: public holiday")
        if estimated:
            source += "; the date is the package's estimate from the Islamic calendar"
        rows.append(DayRow(day, "day_off" if observed else "holiday", "; ".join(names_kk),
                           "; ".join(_russian(n) for n in names_kk), english[day], source))
    for off, worked in _transfers(year) + _transfers(year + 1):
        if worked.year == year and worked.weekday() >= 5:
            rows.append(DayRow(
                worked, "working_day",
                f"Жұмыс күні (демалыс {off:%d.%m.%Y} күніне ауыстырылды)",
                f"Рабочий день (выходной перенесён на {off:%d.%m.%Y})",
                f"Working day (the day off moved to {off:%d.%m.%Y})",
                f"{version}: government decree on moving days off in {off.year}"))
    return sorted(rows, key=lambda r: r.day)


def read_rows(text: str) -> list[DayRow]:
    """Rows of a calendar CSV (the columns of COLUMNS); UnreadableFile names the first bad
    line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise UnreadableFile(f"the file has no column {', '.join(missing)}")
    rows = []
    for line, raw in enumerate(reader, start=2):
        try:
            day = date.fromisoformat((raw["date"] or "").strip())
        except ValueError:
            raise UnreadableFile(f"line {line}: {raw['date']!r} is not a date (YYYY-MM-DD)")
        rows.append(DayRow(day, *((raw[c] or "").strip() for c in COLUMNS[1:])))
    return rows


def additions() -> list[DayRow]:
    return read_rows(ADDITIONS.read_text(encoding="utf-8"))


def for_year(year: int) -> list[DayRow]:
    """The package's days of `year` with the additions of that year laid over them (a row of
    the additions replaces the package's row of the same date)."""
    extra = {r.day: r for r in additions() if r.day.year == year}
    rows = [r for r in from_package(year) if r.day not in extra]
    return sorted(rows + list(extra.values()), key=lambda r: r.day)
