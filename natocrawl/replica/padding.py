"""Realistic bulk for replica pages: CSS, SVG sprites, JSON state, mega-menus, footers.

Each generator writes about `budget` bytes, so that a page reaches the size drawn for it
(30–300 KB). None of it is article text; the menus and footers are visible text that an
extractor must drop like any navigation.
"""

import json
from random import Random

from natocrawl.replica import vocab
from natocrawl.replica.markup import esc

_MENU_EN = (
    vocab.NAV_WORDS
    + [f"Relations with {c[0]}" for c in vocab.COUNTRIES]
    + [t[0].capitalize() for t in vocab.TOPICS]
)
_MENU_FR = (
    [
        "À propos",
        "Ce que nous faisons",
        "Actualités et événements",
        "Thèmes",
        "Opérations et missions",
        "Partenariats",
        "Structures",
        "Textes officiels",
        "Multimédia",
        "Photos",
        "Vidéos",
        "Publications",
        "Bibliothèque",
        "Archives",
        "Carrières",
        "Nous contacter",
        "Communiqués de presse",
        "Discours",
    ]
    + [f"Relations avec {c[1]}" for c in vocab.COUNTRIES]
    + [t[1][0].upper() + t[1][1:] for t in vocab.TOPICS]
)


def _hexes(rng: Random, count: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(count))


def css(rng: Random, budget: int) -> str:
    rules, size = [], 0
    props = ["margin", "padding", "color", "background", "border-radius", "font-size", "gap", "z-index"]
    while size < budget:
        selector = f".{rng.choice(['c', 'u', 'l', 'cmp', 'nav', 'g'])}-{_hexes(rng, 5)}"
        body = ";".join(
            f"{rng.choice(props)}:{rng.randint(0, 64)}px #{_hexes(rng, 6)}" for _ in range(rng.randint(2, 6))
        )
        rule = f"{selector}{{{body}}}"
        rules.append(rule)
        size += len(rule) + 1
    return "\n".join(rules)


def svg_sprite(rng: Random, budget: int) -> str:
    symbols, size = [], 0
    while size < budget:
        points = " ".join(
            f"{rng.randint(0, 24)}.{rng.randint(0, 99)},{rng.randint(0, 24)}.{rng.randint(0, 99)}"
            for _ in range(rng.randint(6, 30))
        )
        symbol = f'<symbol id="icon-{_hexes(rng, 6)}" viewBox="0 0 24 24"><path d="M{points}Z"/></symbol>'
        symbols.append(symbol)
        size += len(symbol)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" style="display:none" aria-hidden="true">'
        '<symbol id="icon-close" viewBox="0 0 24 24"><path d="M4 4L20 20M20 4L4 20"/></symbol>'
        + "".join(symbols)
        + "</svg>"
    )


def json_state(rng: Random, budget: int, lang: str) -> str:
    components, size = [], 0
    while size < budget:
        component = {
            "id": f"{rng.choice(['text', 'image', 'teaser', 'container', 'title'])}-{_hexes(rng, 10)}",
            "@type": f"nato/components/{rng.choice(['text', 'image', 'teaser', 'container'])}",
            "repo:modifyDate": (
                f"20{rng.randint(10, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00Z"
            ),
            "dc:language": lang,
            "analytics": {"track": rng.random() < 0.5, "weight": rng.randint(0, 9999)},
            "xdm:linkURL": f"/{lang}/topics/{_hexes(rng, 8)}",
        }
        text = json.dumps(component, separators=(",", ":"))
        components.append(text)
        size += len(text) + 1
    # "</" never appears inside the blob, so it cannot close its <script> early.
    return '{"page":{"components":[' + ",".join(components).replace("</", "<\\/") + "]}}"


def menu_links(rng: Random, budget: int, lang: str, link_class: str) -> str:
    """A mega-menu's <li> items. Hrefs are section paths, never article URLs."""
    labels = _MENU_FR if lang == "fr" else _MENU_EN
    items, size = [], 0
    while size < budget:
        label = rng.choice(labels)
        slug = f"{_hexes(rng, 4)}-{len(items)}"
        item = f'<li><a class="{link_class}" href="/{lang}/topics/{slug}">{esc(label)}</a></li>'
        items.append(item)
        size += len(item) + 1
    return "\n".join(items)
