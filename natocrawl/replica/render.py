"""HTML of replica pages: article pages in their family, hub shells and the 404 page.

Article HTML is regenerated on demand (with a small LRU cache) and padded with bulk to the
size drawn for the page, between 30 and 300 KB.
"""

import math
from collections import OrderedDict
from random import Random
from threading import Lock

from natocrawl.replica import padding
from natocrawl.replica.chrome import is_short, variants_for
from natocrawl.replica.context import make_context
from natocrawl.replica.dialogs import render_dialogs
from natocrawl.replica.families import (
    PAD_CSS,
    PAD_FOOTER,
    PAD_JSON,
    PAD_MENU,
    PAD_SVG,
    aem,
    cps,
    hashed,
    semantic,
)
from natocrawl.replica.markup import Namer, attr, esc
from natocrawl.replica.model import PageSpec

FAMILY_RENDERERS = {
    "aem": aem.render,
    "hashed": hashed.render,
    "cps": cps.render,
    "semantic": semantic.render,
}
MIN_BYTES, MAX_BYTES = 30_000, 300_000
HUBS = {
    "news": "news-and-events/articles/news",
    "transcript": "news-and-events/events/transcripts",
    "media-advisory": "news-and-events/events/media-advisories",
}


class PageRenderer:
    """Renders pages of one site; thread-safe LRU cache keyed by (page index, revision, base URL),
    so a page changed by `Site.mutate` is rendered afresh."""

    def __init__(self, site, cache_size: int = 64):
        self.site = site
        self._cache: OrderedDict[tuple[int, int, str], bytes] = OrderedDict()
        self._cache_size = cache_size
        self._lock = Lock()

    def page(self, page: PageSpec, base: str) -> bytes:
        key = (page.index, page.revision, base)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        body = render_page(self.site, page, base)
        with self._lock:
            self._cache[key] = body
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return body


def target_size(site, page: PageSpec) -> int:
    # Log-uniform: many pages near 50–120 KB, a few close to either bound.
    rng = Random(f"{site.seed}:{page.index}:size")
    return int(math.exp(rng.uniform(math.log(MIN_BYTES + 4_000), math.log(MAX_BYTES - 25_000))))


def render_page(site, page: PageSpec, base: str) -> bytes:
    ctx = make_context(site, page, base)
    skeleton = _with_canonical(FAMILY_RENDERERS[page.family](ctx), page, base)
    return fill_padding(skeleton, Random(f"{site.seed}:{page.index}:pad"), target_size(site, page), page.lang)


def _with_canonical(skeleton: str, page: PageSpec, base: str) -> str:
    """A <link rel=canonical> in the head: to another page where the plan says so, to the
    page itself on every third page (as AEM sites print one), else none."""
    target = page.canonical or (page.path if page.index % 3 == 0 else None)
    if target is None or "</head>" not in skeleton:
        return skeleton
    href = base + target if target.startswith("/") else target
    quote = '"' if page.index % 2 else "'"
    link = f"<link href={quote}{attr(href)}{quote} rel={quote}canonical{quote}>"
    return skeleton.replace("</head>", link + "</head>", 1)


def image_path(site, page: PageSpec) -> str | None:
    """The path of the picture the page's markup shows, or None (hashed pages show none).
    Some families draw it from the markup's random stream, so only a render knows it."""
    ctx = make_context(site, page, "")
    FAMILY_RENDERERS[page.family](ctx)
    return ctx.image_path


def fill_padding(skeleton: str, rng: Random, target: int, lang: str) -> bytes:
    markers = [m for m in (PAD_CSS, PAD_SVG, PAD_JSON, PAD_MENU, PAD_FOOTER) if m in skeleton]
    core = len(skeleton.encode("utf-8")) - sum(len(m) for m in markers)
    remaining = max(0, target - core)
    weights = [rng.uniform(0.5, 2.0) for _ in markers]
    total = sum(weights) or 1.0
    link_class = rng.choice(["nav-link", "menu__link", "lnk", "m-item"])
    html = skeleton
    for marker, weight in zip(markers, weights):
        budget = int(remaining * weight / total)
        html = html.replace(marker, _bulk(marker, rng, budget, lang, link_class), 1)
    return html.encode("utf-8")


def _bulk(marker: str, rng: Random, budget: int, lang: str, link_class: str) -> str:
    if marker == PAD_CSS:
        return padding.css(rng, budget)
    if marker == PAD_SVG:
        return padding.svg_sprite(rng, budget)
    if marker == PAD_JSON:
        return padding.json_state(rng, budget, lang)
    return padding.menu_links(rng, budget, lang, link_class)


def render_hub(site, lang: str, type_: str) -> bytes:
    """A JavaScript shell: chrome, navigation, and a script that would call the JSON search.
    No article link is in the HTML."""
    rng = Random(f"{site.seed}:hub:{lang}:{type_}")
    variant = rng.choice(variants_for(site.chrome_wording, lang))
    lines = site.chrome_wording[variant]
    name = Namer(rng, "bem", "cmp-")
    dialogs = render_dialogs(lines, is_short(variant, lines), "hidden-attr", rng, name)
    endpoint = search_endpoint(lang, type_)
    skeleton = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="UTF-8"><title>{esc(type_.replace("-", " ").title())} | NATO</title>
<style>{PAD_CSS}</style></head>
<body class="page hubpage"><header><nav><ul class="{name("menu")}">{PAD_MENU}</ul></nav></header>
{dialogs}
<div class="general-search" id="{name("search")}" data-endpoint="{attr(endpoint)}" data-page-size="25"></div>
<noscript>JavaScript is required to list the results.</noscript>
<script>
(function () {{
  var root = document.getElementById("{name("search")}");
  var url = root.dataset.endpoint + "?query=&searchType=wcm&sortBy=dateDesc&pageSize=25&page=1";
  fetch(url).then(function (r) {{ return r.json(); }}).then(function (data) {{
    data.pages.forEach(function (item) {{
      var a = document.createElement("a"); a.href = item.link; \
a.textContent = item.title; root.appendChild(a);
    }});
  }});
}})();
</script>
<footer><ul>{PAD_FOOTER}</ul></footer></body></html>"""
    return fill_padding(skeleton, rng, 40_000, lang)


def search_endpoint(lang: str, type_: str) -> str:
    """The path of a hub's JSON search."""
    return f"/content/nato/{lang}/{HUBS[type_]}/jcr:content/root/container/general_search.search.json"


def render_not_found(path: str) -> bytes:
    html = (
        f"<!DOCTYPE html><html><head><title>Page not found | NATO</title></head><body>"
        f"<h1>Page not found</h1><p>The page {esc(path)} does not exist.</p></body></html>"
    )
    return html.encode("utf-8")
