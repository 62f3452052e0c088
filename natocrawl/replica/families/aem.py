"""(a) AEM-like: body in several `div.cmp-text` components outside any <main>/<article>,
title in <h1>, a <time datetime>, dialogs as hidden modals beside or inside the container."""

from natocrawl.replica.context import Ctx
from natocrawl.replica.dialogs import render_dialogs
from natocrawl.replica.families import PAD_CSS, PAD_FOOTER, PAD_JSON, PAD_MENU, PAD_SVG
from natocrawl.replica.markup import Namer, attr, block_inner, esc, grouped, with_repeated_lead


def _hex(ctx: Ctx, n: int = 10) -> str:
    return "".join(ctx.rng.choice("0123456789abcdef") for _ in range(n))


def _rich_text(ctx: Ctx, groups: list, name: Namer) -> str:
    parts = []
    for group in groups:
        head = group[0]
        if head.kind == "item":
            tag = ctx.rng.choice(["ul", "ul", "ol"])
            parts.append(f"<{tag}>" + "".join(f"<li>{block_inner(b)}</li>" for b in group) + f"</{tag}>")
        elif head.kind == "heading":
            parts.append(_heading(ctx, head))
        elif head.kind == "subtitle":
            parts.append(f"<h3>{block_inner(head)}</h3>")
        else:
            parts.append(f"<p>{block_inner(head)}</p>")
    layer = attr('{"text-' + _hex(ctx, 6) + '":{"@type":"nato/components/text"}}')
    return (
        f'<div class="text {name("text-wrap")}"><div id="text-{_hex(ctx)}" class="cmp-text" '
        f'data-cmp-data-layer="{layer}">' + "\n".join(parts) + "</div></div>"
    )


def _heading(ctx: Ctx, block) -> str:
    level = ctx.rng.choice([2, 3, 4])
    return f"<h{level}>{block_inner(block)}</h{level}>"


def _components(ctx: Ctx, name: Namer) -> list[str]:
    groups = grouped(with_repeated_lead(ctx.blocks, ctx.page.repeated_lead))
    chunks, index = [], 0
    while index < len(groups):
        size = ctx.rng.randint(1, max(1, len(groups) // 2))
        chunks.append(_rich_text(ctx, groups[index : index + size], name))
        index += size
    frame = name("image")  # before the file name: reordering draws would change every later choice
    ctx.image_path = f"/content/dam/nato/{_hex(ctx)}.jpg"
    image = (
        f'<div class="image {frame}"><div class="cmp-image" itemscope>'
        f'<img class="cmp-image__image" src="{ctx.image_path}" alt="">'
        f'<span class="cmp-image__title">{esc(ctx.caption)}</span></div></div>'
    )
    chunks.insert(ctx.rng.randint(0, len(chunks)), image)
    return chunks


def _header_bits(ctx: Ctx, name: Namer) -> str:
    title = f'<div class="cmp-title"><h1 class="cmp-title__text">{esc(ctx.page.title)}</h1></div>'
    if ctx.updated_text:
        meta = f'<div class="{name("updated")}"><p>{esc(ctx.updated_text)}</p></div>'
    elif ctx.date_iso:
        meta = (
            f'<div class="{name("date")}"><time datetime="{ctx.date_iso}">{esc(ctx.date_text)}</time></div>'
        )
    else:
        meta = ""
    bits = title + "\n" + meta
    if ctx.rng.random() < 0.4:  # some templates wrap only the title in <main>
        bits = f'<main id="{name("main")}">{bits}</main>'
    return f'<div class="title {name("title")}">{bits}</div>'


def render(ctx: Ctx) -> str:
    rng, page = ctx.rng, ctx.page
    name = Namer(rng, "bem", rng.choice(["cmp-", "nato-", "c-"]))
    style = rng.choice(["hidden-attr", "aria-hidden", "dialog"])
    dialogs = render_dialogs(ctx.chrome_lines, ctx.chrome_short, style, rng, name)
    items = [_header_bits(ctx, name)] + _components(ctx, name)
    items.insert(rng.randint(0, len(items)), dialogs)
    container = "\n".join(items)
    for _ in range(rng.randint(1, 3)):
        container = (
            f'<div class="container responsivegrid {name("grid")}">'
            f'<div class="cmp-container">{container}</div></div>'
        )
    return f"""<!DOCTYPE html>
<html lang="{page.lang}" dir="ltr"><head><meta charset="UTF-8">
<title>{esc(page.title)} | NATO</title>
<meta name="description" content="{attr(page.description)}">
<meta property="og:title" content="{attr(page.title)}">\
<meta property="og:description" content="{attr(page.description)}">
<meta name="template" content="{rng.choice(["article-page", "news-page", "content-page"])}">
<style>{PAD_CSS}</style></head>
<body class="page basicpage" id="page-{_hex(ctx, 8)}">
<div class="root container responsivegrid"><div class="cmp-container">
<header class="experiencefragment {name("header")}">\
<nav class="{name("nav")}"><ul class="{name("menu")}">{PAD_MENU}</ul></nav></header>
{container}
<footer class="experiencefragment {name("footer")}">\
<ul>{PAD_FOOTER}</ul><p>© NATO - OTAN {page.lastmod.year}</p></footer>
</div></div>{PAD_SVG}
<script type="application/json" id="{name("state")}">{PAD_JSON}</script>
</body></html>"""
