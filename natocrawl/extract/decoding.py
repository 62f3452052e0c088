"""A page's bytes as text, recovering what can be recovered rather than dropping the page.

The encoding is the one the server or the page declares (w3lib's rules, as a browser's).
Bytes that are not valid in a declared UTF-8 are read one by one as Windows-1252, the
commonest mislabelling (a Latin-1 page served as UTF-8, or one pasted paragraph), so that
"défense" stays "défense" instead of "d�fense"; the rest of the page is read as declared.
A page with more invalid sequences than valid ones, none of which reads as UTF-8 read as
Windows-1252 would ("Ã©"), is Windows-1252 whole: its valid-looking sequences are accidents."""

import codecs
import re

from w3lib.encoding import html_to_unicode

_ERROR_HANDLER = "natocrawl-cp1252"
# UTF-8 read as Windows-1252: "é" as "Ã©", "’" as "â€™".
_MOJIBAKE = re.compile("[ÂÃ][^\x00-\x7f]|â€")


def _as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


codecs.register_error(_ERROR_HANDLER, _as_cp1252)


def _mostly_invalid(text: str) -> bool:
    """More invalid sequences than valid characters beyond ASCII (a UTF-8 page in Turkish or
    Cyrillic with one stray byte has far more of the second)."""
    invalid = text.count("\ufffd")
    return invalid > sum(1 for character in text if character > "\x7f") - invalid


def decode_page(body: bytes, content_type: str | None) -> str:
    """The text of a page served with `content_type` (the header's value, or None)."""
    encoding, text = html_to_unicode(content_type, body)
    if "\ufffd" in text and codecs.lookup(encoding).name == "utf-8":
        if _mostly_invalid(text) and not _MOJIBAKE.search(whole := body.decode("cp1252", errors="replace")):
            # A whole page in Windows-1252 (no UTF-8 in it would read so): its few "valid"
            # UTF-8 sequences are accidents ("é", no-break space, "»" read as one CJK character).
            return whole.removeprefix("\ufeff")
        text = body.decode("utf-8", errors=_ERROR_HANDLER).removeprefix("\ufeff")
    return text
