"""Small HTML-writing helpers shared by the markup families.

Families differ in everything visible to an extractor; only these mechanics are common:
escaping (raw characters or named entities), class names, and inline runs.
"""

import html
import string
from random import Random

from natocrawl.replica.model import Block, Inline

# Legacy pages spell typographic characters as entities; modern ones write them raw.
_ENTITIES = {
    "\u00a0": "&nbsp;",
    "\u2019": "&rsquo;",
    "\u201c": "&ldquo;",
    "\u201d": "&rdquo;",
    "«": "&laquo;",
    "»": "&raquo;",
    "–": "&ndash;",
    "é": "&eacute;",
}
_NUMERIC = {"\u00a0": "&#160;", "\u2019": "&#8217;", "«": "&#171;", "»": "&#187;"}


def esc(text: str, style: str = "raw") -> str:
    out = html.escape(text, quote=False)
    table = _ENTITIES if style == "named" else _NUMERIC if style == "numeric" else {}
    for char, entity in table.items():
        out = out.replace(char, entity)
    return out


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def wrap_lines(text: str, every: int) -> str:
    """Source-code line breaks inside a paragraph (old editors did this); never at an NBSP."""
    if every <= 0:
        return text
    words = text.split(" ")
    return "".join(w + ("\n" if i % every == every - 1 else " ") for i, w in enumerate(words)).rstrip()


class Namer:
    """Class names for one page: each role gets a stable name drawn from the family's style."""

    def __init__(self, rng: Random, style: str, prefix: str = ""):
        self.rng, self.style, self.prefix, self._names = rng, style, prefix, {}

    def __call__(self, role: str) -> str:
        if role not in self._names:
            self._names[role] = self._make(role)
        return self._names[role]

    def _make(self, role: str) -> str:
        rng = self.rng
        if self.style == "hash":
            alphabet = string.ascii_lowercase + string.digits
            token = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 8)))
            form = rng.choice(["css-{t}", "_{t}_", "sc-{T}", "{t}", "x{t}"])
            return form.format(t=token, T=token.capitalize())
        if self.style == "bem":
            return f"{self.prefix}{role}" + rng.choice(["", "", f"--{rng.choice(['default', 'wide', 'v2'])}"])
        if self.style == "legacy":
            return rng.choice([role, role.replace("-", ""), role.upper()[:1] + role[1:]])
        return f"{self.prefix}{role}"


def inline_html(part: Inline, style: str = "raw", bold_tag: str = "b") -> str:
    text = esc(part.text, style)
    if part.kind == "bold":
        return f"<{bold_tag}>{text}</{bold_tag}>"
    if part.kind == "em":
        return f"<em>{text}</em>"
    if part.kind == "link":
        return f'<a href="{attr(part.href or "#")}">{text}</a>'
    return text


def block_inner(block: Block, style: str = "raw", bold_tag: str = "b") -> str:
    return "".join(inline_html(part, style, bold_tag) for part in block.inlines)


def grouped(blocks: list[Block]) -> list[list[Block]]:
    """Consecutive list items together (one <ul>), every other block alone."""
    groups: list[list[Block]] = []
    for block in blocks:
        if block.kind == "item" and groups and groups[-1][0].kind == "item":
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def with_repeated_lead(blocks: list[Block], repeated: bool) -> list[Block]:
    """Some old articles print their lead twice in a row; the ground truth keeps it once."""
    if repeated and blocks:
        first = next(i for i, b in enumerate(blocks) if b.kind == "p")
        return blocks[: first + 1] + [blocks[first]] + blocks[first + 1 :]
    return blocks
