"""Titles, slugs, descriptions and body blocks of invented stories, in English or French.

A story is opened from its own rng; every draw happens before a language is chosen, so
`story_blocks(..., "en")` and `story_blocks(..., "fr")` are translations of each other.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from random import Random

from natocrawl.replica import templates as t
from natocrawl.replica.model import Block, Inline
from natocrawl.replica.slots import Cast, draw_cast, slots_for
from natocrawl.replica.vocab import REFERENCE_SUBJECTS, date_long

GENERIC_TRANSCRIPTS = ("press-point", "opening-remarks", "interview", "doorstep")
NAMED_TRANSCRIPTS = ("joint-press-conference", "speech")


@dataclass(frozen=True)
class Citation:
    """A body link to another page's legacy URL; `target_day` names it in the link text."""

    href: str
    target_day: date


@dataclass(frozen=True)
class Story:
    type: str
    variant: str  # transcript kind, "cyber", "lists", or ""
    day: date


def open_story(seed: int, number: int, story: Story) -> tuple[Random, Cast, int]:
    rng = Random(f"{seed}:story:{number}")
    cast = draw_cast(rng, story.day)
    return rng, cast, rng.randrange(1 << 16)


def fill(pair: tuple[str, str], lang: str, slots: dict[str, str]) -> str:
    text = pair[1] if lang == "fr" else pair[0]
    return text.format(**slots)


def slugify(text: str, max_words: int = 8) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words]) or "item"


def story_title(cast: Cast, choice: int, story: Story, lang: str) -> str:
    slots = slots_for(cast, lang)
    if story.type == "transcript":
        return fill(t.TRANSCRIPT_KINDS[story.variant], lang, slots)
    if story.type == "page":
        subject = REFERENCE_SUBJECTS[choice % len(REFERENCE_SUBJECTS)]
        return subject[2] if lang == "fr" else subject[1]
    if story.type == "news" and story.variant == "cyber":
        title = (
            "Allies train against cyber attacks in exercise {exercise}",
            "Les Alliés s’entraînent à contrer des cyberattaques lors de l’exercice {exercise}",
        )
        return fill(title, lang, slots)
    pool = {
        "news": t.NEWS_TITLES,
        "media-advisory": t.ADVISORY_TITLES,
        "official-text": t.OFFICIAL_TITLES,
        "event": t.EVENT_TITLES,
    }[story.type]
    return fill(pool[choice % len(pool)], lang, slots)


def story_slug(cast: Cast, choice: int, story: Story) -> str:
    if story.type == "transcript" and story.variant in GENERIC_TRANSCRIPTS:
        return story.variant
    if story.type == "page":
        return REFERENCE_SUBJECTS[choice % len(REFERENCE_SUBJECTS)][0]
    return slugify(story_title(cast, choice, story, "en"))


def story_description(cast: Cast, story: Story, lang: str) -> str:
    return fill(t.DESCRIPTIONS[story.type], lang, slots_for(cast, lang))


def story_blocks(seed: int, number: int, story: Story, lang: str, citation: Citation | None) -> list[Block]:
    rng, cast, _ = open_story(seed, number, story)
    slots = slots_for(cast, lang)
    build = _BUILDERS[story.type]
    blocks = build(rng, story, lang, slots)
    if citation is not None:
        blocks.insert(max(1, len(blocks) - 1), _citation_block(rng, citation, lang, slots))
    return blocks


def _p(text: str) -> Block:
    return Block.plain("p", text)


def _citation_block(rng: Random, citation: Citation, lang: str, slots: dict[str, str]) -> Block:
    sentence = fill(rng.choice(t.CITATIONS), lang, {**slots, "link": "{link}"})
    link_text = fill(t.CITATION_TEXT, lang, {"target_date": date_long(citation.target_day, lang)})
    before, after = sentence.split("{link}") if "{link}" in sentence else (sentence, "")
    return Block("p", (Inline(before), Inline(link_text, "link", citation.href), Inline(after)))


def _sentences(rng: Random, pool: list, count: int, lang: str, slots: dict[str, str]) -> list[str]:
    return [fill(pair, lang, slots) for pair in rng.sample(pool, min(count, len(pool)))]


def _group(rng: Random, sentences: list[str]) -> list[str]:
    """Sentences grouped one to three per paragraph."""
    paragraphs, index = [], 0
    while index < len(sentences):
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[index : index + size]))
        index += size
    return paragraphs


def _heading_and_list(rng: Random, lang: str, slots: dict[str, str]) -> list[Block]:
    heading = Block.plain("heading", fill(rng.choice(t.SUBHEADINGS), lang, slots))
    items = _sentences(rng, t.LIST_ITEMS, rng.randint(2, 5), lang, slots)
    return [heading] + [Block.plain("item", item) for item in items]


def _news(rng: Random, story: Story, lang: str, slots: dict[str, str]) -> list[Block]:
    lead = fill(rng.choice(t.LEADS), lang, slots)
    sentences = _sentences(rng, t.NEWS_SENTENCES, rng.randint(4, 14), lang, slots)
    blocks = [_p(lead + " " + sentences[0])] + [_p(text) for text in _group(rng, sentences[1:])]
    if story.variant == "cyber":
        blocks[1:1] = [_p(fill(pair, lang, slots)) for pair in t.CYBER_PARAGRAPHS]
    if rng.random() < 0.5:
        blocks.insert(rng.randint(1, len(blocks)), _p(fill(rng.choice(t.QUOTES), lang, slots)))
    if story.variant == "lists" or rng.random() < 0.2:
        blocks.extend(_heading_and_list(rng, lang, slots))
    return blocks


def _speaker(label: tuple[str, str], text: str, lang: str, slots: dict[str, str]) -> Block:
    return Block("p", (Inline(fill(label, lang, slots), "bold"), Inline(" " + text)))


def _transcript(rng: Random, story: Story, lang: str, slots: dict[str, str]) -> list[Block]:
    title = fill(t.TRANSCRIPT_KINDS[story.variant], lang, slots)
    subtitle = fill(rng.choice(t.TRANSCRIPT_SUBTITLES), lang, {**slots, "title": title})
    # The greeting opens every speech; the rest comes in any order.
    speech = [fill(t.SPEECH_PARAGRAPHS[0], lang, slots)]
    speech += _sentences(rng, t.SPEECH_PARAGRAPHS[1:], rng.randint(2, 5), lang, slots)
    blocks = [
        Block.plain("subtitle", subtitle),
        _p(fill(t.AS_DELIVERED, lang, slots)),
        _speaker(t.SPEAKER_SG, speech[0], lang, slots),
    ] + [_p(text) for text in speech[1:]]
    if story.variant in ("press-point", "joint-press-conference", "doorstep", "interview"):
        blocks.append(_speaker(t.SPEAKER_MODERATOR, fill(t.MODERATOR_LINES[0], lang, slots), lang, slots))
        for question, answer in zip(rng.sample(t.QUESTIONS, 2), rng.sample(t.ANSWERS, 2)):
            blocks.append(_speaker(t.SPEAKER_QUESTION, fill(question, lang, slots), lang, slots))
            blocks.append(_speaker(t.SPEAKER_SG, fill(answer, lang, slots), lang, slots))
        blocks.append(_speaker(t.SPEAKER_MODERATOR, fill(t.MODERATOR_LINES[1], lang, slots), lang, slots))
    return blocks


def _advisory(rng: Random, story: Story, lang: str, slots: dict[str, str]) -> list[Block]:
    blocks = [_p(fill(t.ADVISORY_LEAD, lang, slots))]
    programme = t.ADVISORY_PROGRAMME[: rng.randint(2, 3)]
    blocks += [Block.plain("item", fill(pair, lang, slots)) for pair in programme]
    blocks.append(Block.plain("heading", fill(t.ADVISORY_NOTES[0], lang, slots)))
    return blocks + [_p(fill(pair, lang, slots)) for pair in t.ADVISORY_NOTES[1:]]


def _official(rng: Random, story: Story, lang: str, slots: dict[str, str]) -> list[Block]:
    paragraphs = _sentences(rng, t.OFFICIAL_PARAGRAPHS, rng.randint(3, 5), lang, slots)
    headings = rng.sample(t.OFFICIAL_HEADINGS, 2)
    blocks = [_p(f"1. {paragraphs[0]}"), Block.plain("heading", fill(headings[0], lang, slots))]
    blocks += [_p(f"{number}. {text}") for number, text in enumerate(paragraphs[1:], start=2)]
    blocks.append(Block.plain("heading", fill(headings[1], lang, slots)))
    return blocks + _heading_and_list(rng, lang, slots)[1:]


def _reference(rng: Random, story: Story, lang: str, slots: dict[str, str]) -> list[Block]:
    paragraphs = _sentences(rng, t.REFERENCE_PARAGRAPHS, 4, lang, slots)
    blocks = [_p(paragraphs[0]), Block.plain("heading", fill(t.REFERENCE_HEADINGS[0], lang, slots))]
    blocks += [Block.plain("item", text) for text in paragraphs[1:3]]
    blocks.append(Block.plain("heading", fill(rng.choice(t.REFERENCE_HEADINGS[1:]), lang, slots)))
    return blocks + [_p(paragraphs[3])]


def _event(rng: Random, story: Story, lang: str, slots: dict[str, str]) -> list[Block]:
    paragraphs = _sentences(rng, t.EVENT_PARAGRAPHS, rng.randint(2, 3), lang, slots)
    items = [Block.plain("item", fill(pair, lang, slots)) for pair in t.EVENT_ITEMS]
    return [_p(paragraphs[0])] + items + [_p(text) for text in paragraphs[1:]]


_BUILDERS = {
    "news": _news,
    "transcript": _transcript,
    "media-advisory": _advisory,
    "official-text": _official,
    "page": _reference,
    "event": _event,
}
