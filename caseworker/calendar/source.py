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

from caseworker.domain.inputs import bad_characters

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


# The words of a source the package's rows are given (kept in English in the database, said in
# the reader's language by `calendar.said`).
DECREE = "government decree on moving days off in {}"
MOVED = "a holiday on a day off moves to the next working day (Labour Code, art. 85)"
HOLIDAY = "public holiday"
ESTIMATED = "the date is the package's estimate from the Islamic calendar"


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
                f"Day off (moved from {worked:%d.%m.%Y})", f"{version}: {DECREE.format(year)}"))
            continue
        names_kk = kazakh[day].split("; ")
        observed = "(observed" in english[day]
        estimated = "(estimated" in english[day]
        source = f"{version}: {MOVED if observed else HOLIDAY}"
        if estimated:
            source += f"; {ESTIMATED}"
        rows.append(DayRow(day, "day_off" if observed else "holiday", "; ".join(names_kk),
                           "; ".join(_russian(n) for n in names_kk), english[day], source))
    for off, worked in _transfers(year) + _transfers(year + 1):
        if worked.year == year and worked.weekday() >= 5:
            rows.append(DayRow(
                worked, "working_day",
                f"Жұмыс күні (демалыс {off:%d.%m.%Y} күніне ауыстырылды)",
                f"Рабочий день (выходной перенесён на {off:%d.%m.%Y})",
                f"Working day (the day off moved to {off:%d.%m.%Y})",
                f"{version}: {DECREE.format(off.year)}"))
    return sorted(rows, key=lambda r: r.day)


# the longest value of each text column (the database's limit)
LENGTHS = {"kind": 20, "name_kk": 200, "name_ru": 200, "name_en": 200, "source": 300}
SHOWN_PROBLEMS = 20


def _problems(raw: dict) -> list[str]:
    """What is wrong with one row of a calendar file (empty: it can be read)."""
    found = []
    if raw.get(None):
        found.append(f"{len(COLUMNS) + len(raw[None])} cells where the header has "
                     f"{len(COLUMNS)}")
    if any(raw.get(c) is None for c in COLUMNS):
        found.append(f"{sum(raw.get(c) is not None for c in COLUMNS)} cells where the header "
                     f"has {len(COLUMNS)}")
    try:
        date.fromisoformat((raw.get("date") or "").strip())
    except ValueError:
        found.append(f"{raw.get('date')!r} is not a date (YYYY-MM-DD)")
    for column in COLUMNS:
        if bad_characters(raw.get(column) or ""):
            found.append(f"{column} holds control characters")
    for column, most in LENGTHS.items():
        if len((raw.get(column) or "").strip()) > most:
            found.append(f"{column} is longer than {most} characters")
    return found


def read_rows(text: str) -> list[DayRow]:
    """Rows of a calendar CSV (the columns of COLUMNS). Every row is read before any is
    returned: UnreadableFile lists the bad lines (cells missing or beyond the header, a date
    that is not one, control characters, a value too long for its column)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise UnreadableFile(f"the file has no column {', '.join(missing)}")
        rows, bad = [], []
        for raw in reader:
            problems = _problems(raw)
            if problems:
                bad.append(f"line {reader.line_num}: {', '.join(problems)}")
                continue
            rows.append(DayRow(date.fromisoformat(raw["date"].strip()),
                               *(raw[c].strip() for c in COLUMNS[1:])))
    except csv.Error as error:
        raise UnreadableFile(f"line {reader.line_num}: {error}") from None
    if bad:
        more = len(bad) - SHOWN_PROBLEMS
        raise UnreadableFile("; ".join(bad[:SHOWN_PROBLEMS])
                             + (f"; and {more} more bad lines" if more > 0 else ""))
    return rows


def additions() -> list[DayRow]:
    return read_rows(ADDITIONS.read_text(encoding="utf-8"))


def for_year(year: int) -> list[DayRow]:
    """The package's days of `year` with the additions of that year laid over them (a row of
    the additions replaces the package's row of the same date)."""
    extra = {r.day: r for r in additions() if r.day.year == year}
    rows = [r for r in from_package(year) if r.day not in extra]
    return sorted(rows + list(extra.values()), key=lambda r: r.day)
