"""The Kazakh and Russian wordings the review marked wrong, as the catalogs say them now."""
import pytest
from flask_babel import force_locale, gettext, ngettext

from caseworker import labels


def said(app, lang, text, **values):
    with app.test_request_context(), force_locale(lang):
        return gettext(text, **values)


def test_a_cancelled_referral_has_lost_its_force_in_kazakh(app):
    with app.test_request_context(), force_locale("kk"):
        assert str(labels.REFERRAL_STATUSES["cancelled"]) == "Күші жойылды"


@pytest.mark.parametrize("lang, words", [("kk", "Алғашқы таңбалары"), ("ru", "Первые символы")])
def test_a_token_s_first_characters(app, lang, words):
    assert said(app, lang, "Begins with") == words


@pytest.mark.parametrize("n, ending", [(1, "и ещё 1 показатель."), (3, "и ещё 3 показателя."),
                                       (8, "и ещё 8 показателей."),
                                       (21, "и ещё 21 показатель.")])
def test_more_indicators_are_counted_in_russian(app, n, ending):
    with app.test_request_context(), force_locale("ru"):
        sentence = ngettext("%(region)s: %(indicators)s; and %(num)d more indicator.",
                            "%(region)s: %(indicators)s; and %(num)d more indicators.", n,
                            region="Абай", indicators="охват 10 %")
    assert sentence == f"Абай: охват 10 %; {ending}"


@pytest.mark.parametrize("lang, name", [
    ("kk", "жұмыспен қамтуға жәрдемдесудің жеке жоспар"),
    ("ru", "индивидуальн"),
])
def test_one_name_for_the_individual_employment_plan(app, lang, name):
    for text in ("Employment plan", "Individual employment plan", "Saved the employment plan",
                 "Printed the employment plan", "The employment plan is saved.",
                 "The person has no active employment plan: agree one first."):
        translated = said(app, lang, text).lower()
        assert name in translated, (text, translated)
        assert "план занятости" not in translated and "трудоустройства" not in translated
        assert "жұмыспен қамту жоспары" not in translated
