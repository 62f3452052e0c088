"""The chrome dialogs in markup: same lines, many disguises.

`style` says how (or whether) they are hidden: the `hidden` attribute, aria-hidden plus an
inline display:none, a closed <dialog>, role="dialog", or plain visible divs.
"""

from random import Random

from natocrawl.replica.markup import Namer, attr, esc


def _chunks(lines: list[str], count: int) -> list[list[str]]:
    size = -(-len(lines) // count)
    return [lines[i : i + size] for i in range(0, len(lines), size)]


def _wrapper(style: str, cls: str, ident: str) -> tuple[str, str]:
    if style == "hidden-attr":
        return f'<div class="{cls}" id="{ident}" hidden>', "</div>"
    if style == "aria-hidden":
        return f'<div class="{cls}" id="{ident}" aria-hidden="true" style="display:none">', "</div>"
    if style == "dialog":
        return f'<dialog class="{cls}" id="{ident}">', "</dialog>"
    if style == "role-dialog":
        return (
            f'<div role="dialog" aria-modal="true" aria-labelledby="{ident}-t" class="{cls}" id="{ident}">',
            "</div>",
        )
    return f'<div class="{cls}" id="{ident}">', "</div>"


def _line_html(line: str, position: int, short: bool, rng: Random, name: Namer) -> str:
    text = esc(line)
    if short or len(line.split()) > 6:
        if "? " in line and rng.random() < 0.5:
            head, tail = line.split("? ", 1)
            return (
                f'<p class="{name("dlg-text")}">{esc(head)}? '
                f'<a href="#" class="{name("dlg-link")}">{esc(tail)}</a></p>'
            )
        return _tag(rng.choice(["p", "p", "div"]), name("dlg-text"), text)
    if position == 0:
        return _tag(rng.choice(["h2", "h3", "div"]), name("dlg-title"), text)
    if len(line.split()) <= 3:
        # Each button on its own row: the lines stay separate in any text extraction.
        return (
            f'<div class="{name("dlg-row")}">'
            f'<button type="button" class="{name("dlg-button")}">{text}</button></div>'
        )
    return _tag(rng.choice(["h4", "p", "div"]), name("dlg-label"), text)


def _tag(tag: str, cls: str, inner: str) -> str:
    return f'<{tag} class="{cls}">{inner}</{tag}>'


def _form_fields(rng: Random, name: Namer) -> str:
    # Inputs carry words only in attributes: no text nodes beyond the variant's lines.
    kind = rng.choice(["email", "text", "password"])
    return (
        f'<input type="{kind}" class="{name("dlg-input")}" name="{kind}" '
        f'placeholder="{attr(kind.capitalize())}" autocomplete="off">'
        f'<button type="button" class="{name("dlg-close")}" aria-label="Close">'
        f'<svg width="16" height="16" aria-hidden="true"><use href="#icon-close"></use></svg></button>'
    )


def render_dialogs(lines: list[str], short: bool, style: str, rng: Random, name: Namer) -> str:
    """All dialog lines in order, split over one to four dialogs."""
    out = []
    for number, chunk in enumerate(_chunks(lines, rng.randint(1, 4))):
        open_tag, close_tag = _wrapper(style, name("dialog"), f"{name('dlg-id')}-{number}")
        body = "\n".join(_line_html(line, i, short, rng, name) for i, line in enumerate(chunk))
        inner = f'<div class="{name("dlg-body")}">{body}{_form_fields(rng, name)}</div>'
        out.append(f"{open_tag}{inner}{close_tag}")
    return "\n".join(out)
