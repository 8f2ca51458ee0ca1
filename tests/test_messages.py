"""The catalogue of sentences: both languages say the same things."""
from grader.messages import CATALOGUES, placeholders


def test_every_id_exists_in_both_languages():
    assert set(CATALOGUES["ru"]) == set(CATALOGUES["en"])


def test_both_languages_fill_in_the_same_fields():
    ru, en = CATALOGUES["ru"], CATALOGUES["en"]
    different = {key for key in ru if placeholders(ru[key]) != placeholders(en[key])}
    assert not different
