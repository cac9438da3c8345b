"""Names in the three languages, chosen by the current locale."""
from flask_babel import get_locale
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Named:
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))

    @property
    def name(self) -> str:
        lang = str(get_locale() or "ru")
        return getattr(self, f"name_{lang}", None) or self.name_ru
