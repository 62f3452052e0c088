"""content_lang: function words decide clear texts, py3langid the rest, and the two never
disagree where the function words decide."""

import pytest

from natocrawl.extract.language import _by_function_words, _by_model, detect_language
from natocrawl.replica import Site


@pytest.fixture(scope="module")
def bodies():
    site = Site(seed=9, pages=400)
    return [(page.content_lang, page.ideal_article("http://127.0.0.1:1")["body"]) for page in site.pages]


def test_function_words_decide_most_replica_bodies_as_the_model_does(bodies):
    decided = 0
    for truth, body in bodies:
        quick = _by_function_words(body[:5000])
        if quick is not None:
            decided += 1
            assert quick == _by_model(body[:5000]) == truth
    assert decided >= 0.9 * len(bodies)
    assert {truth for truth, _body in bodies} == {"en", "fr"}  # English under French URLs too


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NATO", None),  # under three words: no language
        ("NATO Allies Brussels", "en"),  # no function word: the model decides
        ("OTAN Alliés Bruxelles Sommet", "fr"),
        ("The Allies agreed. Les Alliés sont convenus de la suite et des mesures.", "fr"),
    ],
)
def test_short_and_mixed_texts(text, expected):
    assert detect_language(text) == expected
