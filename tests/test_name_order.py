"""Names sort in the order of the Kazakh alphabet, the same on SQLite and PostgreSQL."""
from __future__ import annotations

from hypothesis import given, strategies as st

from caseworker.domain.names import (
    ALPHABET, fold, fold_key, order_key, prefix_range, search_key)
from tests import factories as f
from tests.conftest import login


def test_each_kazakh_letter_sorts_right_after_its_base_letter():
    names = ["Бекова", "Әбдірахманова", "Абаев", "Яковлев", "Ғабит", "Гусев", "Іскаков",
             "Ыбыраев", "Өмірзақ", "Оспанов", "Ұлан", "Үсенов", "Уәлиев", "Қасымов", "Кенжебаев"]
    ordered = sorted(names, key=lambda n: order_key(search_key(n)))
    assert ordered == ["Абаев", "Әбдірахманова", "Бекова", "Гусев", "Ғабит", "Кенжебаев",
                       "Қасымов", "Оспанов", "Өмірзақ", "Уәлиев", "Ұлан", "Үсенов", "Ыбыраев",
                       "Іскаков", "Яковлев"]
    assert len(ALPHABET) == 42 and len(set(ALPHABET)) == 42


def test_a_shorter_name_and_other_characters():
    assert order_key("ан") < order_key("ана") < order_key("ана ба") < order_key("анаб")
    assert order_key("ана-ба") < order_key("анаа")  # a hyphen before any letter
    assert order_key("anna") > order_key("яна")  # Latin letters after the alphabet


NAMES = st.text(alphabet=ALPHABET + " -'ёяaz9", min_size=0, max_size=12)


@given(NAMES, NAMES)
def test_a_prefix_is_a_range_of_order_keys(name, prefix):
    """Beginning with a prefix is exactly lying in its range of order keys, so a search by
    name prefix may read the index of order keys."""
    low, high = prefix_range(prefix)
    key = order_key(name)
    in_range = key >= low and (high is None or key < high)
    assert in_range == name.startswith(prefix)


def test_the_upper_end_of_a_range_carries_past_nines():
    assert prefix_range("") == ("", None)
    assert prefix_range("а") == ("10", "11")
    assert prefix_range("я")[1] == "52"
    assert prefix_range("z") == ("990000122", "990000123")
    assert prefix_range("ая")[1] == "1052"  # 10 51 → 10 52
    assert prefix_range("w") == ("990000119", "99000012")  # the nine carries


def test_the_person_list_is_in_alphabet_order(app, client):
    with app.app_context():
        district = f.districts_of("430000000")[0]
        for last in ("Яковлев", "Әбдірахманова", "Бекова", "Абаев"):
            f.person(district, last=last)
        f.user("cw", "caseworker", district)
        from caseworker.extensions import db
        db.session.commit()
    login(client, "cw")
    page = client.get("/people/?sort=name").get_data(as_text=True)
    positions = [page.index(n) for n in ("Абаев", "Әбдірахманова", "Бекова", "Яковлев")]
    assert positions == sorted(positions)


def test_a_search_does_not_tell_kazakh_letters_from_their_russian_ones():
    assert fold(search_key("Әбдірахманова Гүлнар")) == fold(search_key("Абдирахманова Гулнар"))
    assert fold("әғқңөұүһіё") == "агкноуухе"
    # as Russian documents write Kazakh names: і dropped, or written и
    assert fold(search_key("Әбдірахманова")) == fold(search_key("Абдрахманова"))
    assert fold(search_key("Серік")) == fold(search_key("Серик")) == "серк"
    assert fold(search_key("Ёлкина")) == fold(search_key("Елкина"))
    # Latin letters typed with the wrong layout: A (Latin) and і typed as Latin i
    assert fold(search_key("Aбенова")) == fold(search_key("Абенова"))
    assert fold(search_key("Серiкова")) == fold(search_key("Серікова"))
    assert fold("бекова") == "бекова" and fold("") == ""


@given(NAMES, NAMES)
def test_a_folded_prefix_is_a_range_of_folded_keys(name, prefix):
    """A name lies in the range of a typed prefix exactly when, letters folded, it begins
    with it: the name as written with Kazakh letters or without them."""
    low, high = prefix_range(fold(prefix))
    key = fold_key(name)
    assert (key >= low and (high is None or key < high)) == fold(name).startswith(fold(prefix))
    if name.startswith(prefix):
        assert key >= low and (high is None or key < high)
