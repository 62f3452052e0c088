"""Words as the language-aware search compares them: case and accents folded, then reduced to
their Snowball stem in the text's language, so that `allié`, `alliés` and `alliee` are one
term in French, `ally`, `allies` and `allied` one in English.

Accents are folded before stemming, not after: a query typed without accents (`securite`)
then stems exactly as the accented text does (`sécurité`). The index (archive/search_index.py)
and the query (archive/search.py) both go through `stem_text` / `stem_word`, so they agree by
construction; STEMMER_ID names the rules, and an index built under other rules is rebuilt.
"""

import functools
import re
import threading
import unicodedata

import Stemmer

LANGUAGES = {"en": "english", "fr": "french"}
# Changes whenever stem_word would give another term for some word: the index is rebuilt.
RULES_VERSION = 1
STEMMER_ID = f"snowball {Stemmer.version()} rules {RULES_VERSION}"

# A token as SQLite's unicode61 tokenizer cuts one: letters and digits, anything else splits.
WORD = re.compile(r"[^\W_]+")
# Folded French feminine participles (alliée → alliee) would keep an e the stemmer reads as
# part of the stem; the accented form loses it. One e less makes them one term again.
_FRENCH_FEMININE = re.compile(r"ee(s?)$")

_local = threading.local()  # a Snowball stemmer is not safe to share between threads


def fold(text: str) -> str:
    """`text` lower-cased without accents (é → e, ç → c), as unicode61 remove_diacritics folds."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stemmer(lang: str) -> Stemmer.Stemmer:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {code: Stemmer.Stemmer(name) for code, name in LANGUAGES.items()}
    return stemmers[lang]


def _unstemmed(lang: str, word: str) -> str:
    """`word` as the stemmer is given it: folded, a French feminine ending evened out."""
    folded = fold(word)
    return _FRENCH_FEMININE.sub(r"e\1", folded) if lang == "fr" else folded


# A language's words follow Zipf's law: a few thousand make most of any text, so each word as
# written is folded and stemmed once per process, not once per occurrence. Emptied when full,
# which bounds its memory (a few MB) whatever the archive's vocabulary.
_TERMS: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
_TERMS_HELD = 1 << 15


def stem_word(lang: str, word: str) -> str:
    """The search term of one word in `lang` (en or fr)."""
    terms = _TERMS[lang]
    term = terms.get(word)
    if term is None:
        if len(terms) >= _TERMS_HELD:
            terms.clear()
        term = terms[word] = _stemmer(lang).stemWord(_unstemmed(lang, word))
    return term


def stem_text(lang: str, text: str | None) -> str | None:
    """`text` as the stem index holds it: its words' terms, in order, one space apart."""
    if text is None:
        return None
    terms = _TERMS[lang]
    words = WORD.findall(text)
    try:
        return " ".join([terms[word] for word in words])
    except KeyError:
        return " ".join([stem_word(lang, word) for word in words])


# One write fires several triggers over the same title and body (each language's index, the
# index of texts, an update after the insert): the latest few are stemmed once.
@functools.lru_cache(maxsize=256)
def _stem_text_sql(lang: str | None, text: str | None) -> str | None:
    return stem_text(lang, text) if lang in LANGUAGES else None


def register_functions(conn) -> None:
    """Give an sqlite3 connection `natocrawl_stems(lang, text)`, which the index's triggers
    call: every connection that writes articles needs it (open_archive gives it)."""
    conn.create_function("natocrawl_stems", 2, _stem_text_sql, deterministic=True)
