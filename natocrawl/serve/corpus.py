"""The parallel corpus: each translation pair's paragraphs aligned (serve/align.py), as
records of the codebook's `aligned` dataset, and as TMX 1.4, the translation-memory
standard (one <tu> per bead that has both languages)."""

import io
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from natocrawl import __version__
from natocrawl.serve.align import align

# A pair is a translation only if each text is in its own language: a French URL that
# serves the English text (not translated yet) is no parallel text.
_OWN_LANGUAGE = {"en_content_lang": ("en", None), "fr_content_lang": ("fr", None)}


def paragraphs(body: str | None) -> list[str]:
    return [paragraph for paragraph in (body or "").split("\n\n") if paragraph.strip()]


def is_translation(pair: dict) -> bool:
    return all(pair[key] in allowed for key, allowed in _OWN_LANGUAGE.items())


def aligned_records(pairs: Iterable[dict]) -> Iterator[dict]:
    """One record per bead of every pair whose texts are each in their own language."""
    for pair in pairs:
        if not is_translation(pair):
            continue
        english, french = paragraphs(pair["en_body"]), paragraphs(pair["fr_body"])
        for number, bead in enumerate(align(english, french), start=1):
            yield {
                "en_url": pair["en_url"],
                "fr_url": pair["fr_url"],
                "bead": number,
                "en_paragraphs": [index + 1 for index in bead.left],
                "fr_paragraphs": [index + 1 for index in bead.right],
                "en": "\n\n".join(english[index] for index in bead.left) or None,
                "fr": "\n\n".join(french[index] for index in bead.right) or None,
            }


def _xml_text(text: str) -> str:
    """`text` escaped for XML 1.0, without the control characters it cannot hold."""
    return escape("".join(char for char in text if char in "\t\n\r" or ord(char) >= 0x20))


def write_tmx(records: Iterable[dict], out: io.TextIOBase, _dataset=None) -> int:
    """The beads that pair an English text with a French one, as TMX 1.4 translation units."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    out.write(
        f'  <header creationtool="natocrawl" creationtoolversion={quoteattr(__version__)} '
        'segtype="paragraph" o-tmf="natocrawl" adminlang="en" srclang="en" datatype="plaintext"/>\n'
    )
    out.write("  <body>\n")
    count = 0
    for record in records:
        if not (record["en"] and record["fr"]):
            continue
        tuid = "{}#{}".format(record["en_url"], record["bead"])
        out.write(f"    <tu tuid={quoteattr(tuid)}>\n")
        for name in ("en_url", "fr_url", "bead"):
            prop = name.replace("_", "-")
            out.write(f'      <prop type="x-{prop}">{_xml_text(str(record[name]))}</prop>\n')
        for lang in ("en", "fr"):
            out.write(f'      <tuv xml:lang="{lang}"><seg>{_xml_text(record[lang])}</seg></tuv>\n')
        out.write("    </tu>\n")
        count += 1
    out.write("  </body>\n</tmx>\n")
    return count
