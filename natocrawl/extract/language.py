"""The language of a text: English or French, the portal's two (None under three words).

Most bodies say it in their function words ("the", "of", "and" against "le", "de", "et"),
which costs nothing to count; py3langid (restricted to English and French) decides the rest:
texts with few function words, or with both languages' in like measure (a page quoting the
other language at length). Its model takes some 70 MB once loaded, so a process loads it
only when a text needs it, and keeps only the two languages' part of it."""

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ENGLISH = """the of and to in is that for on with as by are was be this it at from has have
will which we our their its been were not or an"""
_FRENCH = """le la les de des du et à en un une est que qui dans pour sur par pas au aux avec ce
cette nous sont été ont leur leurs se il elle ne"""
_FUNCTION_WORDS = {"en": frozenset(_ENGLISH.split()), "fr": frozenset(_FRENCH.split())}
_MIN_HITS = 5  # function words of the winning language before it wins without the model
_MARGIN = 3.0  # how many times the other language's count it must reach


def detect_language(text: str) -> str | None:
    if len(text.split()) < 3:
        return None
    sample = text[:5000]
    return _by_function_words(sample) or _by_model(sample)


def _by_function_words(text: str) -> str | None:
    hits = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'")
        for lang, words in _FUNCTION_WORDS.items():
            if word in words or word.split("'")[-1] in words:
                hits[lang] += 1
    (best, most), (_other, fewer) = sorted(hits.items(), key=lambda item: -item[1])
    return best if most >= _MIN_HITS and most >= _MARGIN * fewer else None


def _by_model(text: str) -> str:
    language, _probability = _language_identifier().classify(text)
    return language


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # The portal publishes in English and French only; restricting the model to them keeps
    # short transcripts from being classed as a third language.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(["en", "fr"])
    identifier._full_model = None  # the 97 languages' table (28 MB) is only for set_languages
    return identifier
