"""Soft hyphens in long header words: syllable breaks only, the text unchanged otherwise."""
from caseworker.domain.hyphens import SHY, soft


def test_a_long_kazakh_word_breaks_between_syllables():
    assert soft("жобаларындағы", "kk") == SHY.join(["жо", "ба", "ла", "рын", "дағы"])


def test_short_words_and_spaces_are_kept_and_nothing_else_changes():
    text = "Жаңа тұрақты жұмыс орындары"
    hyphenated = soft(text, "kk")
    assert hyphenated.replace(SHY, "") == text
    assert hyphenated.split(" ")[0] == "Жаңа"  # under six letters: whole
    # Kazakh letters read as their nearest Russian ones: "тұрақты" breaks like "турақты"
    assert hyphenated.split(" ")[1] == SHY.join(["тұ", "рақ", "ты"])


def test_russian_and_english_use_their_own_patterns():
    assert soft("трудоустроенные", "ru").replace(SHY, "-") == "тру-до-устро-ен-ные"
    assert SHY in soft("participants", "en")
