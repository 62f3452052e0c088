"""(b) Hashed class names (random per page), dialogs as plain visible divs before the content,
a cookie banner, a mega-menu, related-news teasers and a footer. Nothing marks the chrome."""

from natocrawl.replica.context import Ctx
from natocrawl.replica.dialogs import render_dialogs
from natocrawl.replica.families import PAD_CSS, PAD_FOOTER, PAD_JSON, PAD_MENU, PAD_SVG
from natocrawl.replica.markup import Namer, attr, block_inner, esc, grouped, with_repeated_lead


def _block_tag(ctx: Ctx, paragraph_tag: str, name: Namer, group: list) -> str:
    head, bold = group[0], ctx.rng.choice(["b", "b", "strong"])
    if head.kind == "item":
        items = "".join(f'<li class="{name("li")}">{block_inner(b, bold_tag=bold)}</li>' for b in group)
        return f'<ul class="{name("ul")}">{items}</ul>'
    if head.kind in ("heading", "subtitle"):
        level = 3 if head.kind == "subtitle" else ctx.rng.choice([2, 3])
        if ctx.rng.random() < 0.3:
            return f'<div role="heading" aria-level="{level}" class="{name("h")}">{block_inner(head)}</div>'
        return f'<h{level} class="{name("h")}">{block_inner(head)}</h{level}>'
    return f'<{paragraph_tag} class="{name("p")}">{block_inner(head, bold_tag=bold)}</{paragraph_tag}>'


def _title(ctx: Ctx, name: Namer) -> str:
    text = esc(ctx.page.title)
    if ctx.rng.random() < 0.3:
        return f'<div role="heading" aria-level="1" class="{name("title")}">{text}</div>'
    return f'<h1 class="{name("title")}">{text}</h1>'


def _meta(ctx: Ctx, name: Namer) -> str:
    if ctx.updated_text:
        return f'<div class="{name("meta")}"><span>{esc(ctx.updated_text)}</span></div>'
    if not ctx.date_text:
        return ""
    if ctx.rng.random() < 0.5:
        return (
            f'<div class="{name("meta")}"><time datetime="{ctx.date_iso}">{esc(ctx.date_text)}</time></div>'
        )
    return f'<div class="{name("meta")}"><span class="{name("date")}">{esc(ctx.date_text)}</span></div>'


def _related(ctx: Ctx, name: Namer) -> str:
    teasers = "".join(
        f'<a class="{name("teaser")}" href="{attr(other.path)}">'
        f'<div class="{name("tt")}">{esc(other.title)}</div>'
        f'<div class="{name("td")}">{esc(other.description)}</div></a>'
        for other in ctx.related
    )
    return (
        f'<div class="{name("related")}">'
        f'<div class="{name("rh")}">{esc(ctx.ui["related"])}</div>{teasers}</div>'
    )


def _cookie_banner(ctx: Ctx, name: Namer) -> str:
    return (
        f'<div class="{name("cookies")}"><p class="{name("cp")}">{esc(ctx.ui["cookies"])}</p>'
        f'<button class="{name("cb")}">{esc(ctx.ui["accept"])}</button>'
        f'<button class="{name("cb2")}">{esc(ctx.ui["refuse"])}</button></div>'
    )


def render(ctx: Ctx) -> str:
    rng, page = ctx.rng, ctx.page
    name = Namer(rng, "hash")
    paragraph_tag = rng.choice(["p", "p", "div"])
    body = "\n".join(
        _block_tag(ctx, paragraph_tag, name, group)
        for group in grouped(with_repeated_lead(ctx.blocks, page.repeated_lead))
    )
    for _ in range(rng.randint(0, 3)):
        body = f'<div class="{name("wrap" + str(_))}">{body}</div>'
    dialogs = render_dialogs(ctx.chrome_lines, ctx.chrome_short, "plain", rng, name)
    menu = f'<div class="{name("menu")}"><ul class="{name("mu")}">{PAD_MENU}</ul></div>'
    return f"""<!doctype html><html lang="{page.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(page.title)}</title><meta property="og:title" content="{attr(page.title)}">
<meta name="description" content="{attr(page.description)}"><style data-emotion="css">{PAD_CSS}</style></head>
<body><div id="{rng.choice(["__next", "app", "root"])}">
{_cookie_banner(ctx, name)}
<div class="{name("top")}">{menu}</div>
<div class="{name("modals")}">{dialogs}</div>
<div class="{name("page")}"><div class="{name("head")}">{_title(ctx, name)}{_meta(ctx, name)}</div>
<div class="{name("body")}">{body}</div>
{_related(ctx, name)}</div>
<div class="{name("foot")}"><ul class="{name("fl")}">{PAD_FOOTER}</ul></div></div>{PAD_SVG}
<script id="__NEXT_DATA__" type="application/json">{PAD_JSON}</script>
</body></html>"""
