"""(d) Semantic HTML5: <main><article>, <header>, <section>s, dialogs as role="dialog" or a closed
<dialog>, a newsletter <form> inside the article or in an <aside>, JSON-LD metadata."""

import json

from natocrawl.replica.context import Ctx
from natocrawl.replica.dialogs import render_dialogs
from natocrawl.replica.families import PAD_CSS, PAD_FOOTER, PAD_JSON, PAD_MENU, PAD_SVG
from natocrawl.replica.markup import Namer, attr, block_inner, esc, grouped, with_repeated_lead


def _sections(ctx: Ctx, name: Namer) -> list[str]:
    """A new <section> at every heading; the heading opens it."""
    sections, current = [], []
    for group in grouped(with_repeated_lead(ctx.blocks, ctx.page.repeated_lead)):
        head = group[0]
        if head.kind == "heading" and current:
            sections.append(current)
            current = []
        if head.kind == "item":
            tag = "ol" if ctx.rng.random() < 0.2 else "ul"
            current.append(f"<{tag}>" + "".join(f"<li>{block_inner(b)}</li>" for b in group) + f"</{tag}>")
        elif head.kind == "heading":
            current.append(f"<h2>{block_inner(head)}</h2>")
        elif head.kind == "subtitle":
            current.append(f"<h3>{block_inner(head)}</h3>")
        else:
            current.append(f"<p>{block_inner(head, bold_tag='b')}</p>")
    sections.append(current)
    return [f'<section class="{name("section")}">' + "\n".join(parts) + "</section>" for parts in sections]


def _header(ctx: Ctx) -> str:
    meta = ""
    if ctx.updated_text:
        meta = f"<p>{esc(ctx.updated_text)}</p>"
    elif ctx.date_iso:
        meta = f'<p><time datetime="{ctx.date_iso}">{esc(ctx.date_text)}</time></p>'
    return f"<header><h1>{esc(ctx.page.title)}</h1>{meta}</header>"


def _newsletter_form(ctx: Ctx, name: Namer) -> str:
    ui = ctx.ui
    return (
        f'<form class="{name("newsletter")}" action="/{ctx.lang}/newsletter/subscribe" method="post">'
        f'<h2>{esc(ui["stay"])}</h2><label for="nl-email">{esc(ui["email"])}</label>'
        f'<input id="nl-email" type="email" name="email" required>'
        f'<button type="submit">{esc(ui["subscribe"])}</button></form>'
    )


def _json_ld(ctx: Ctx) -> str:
    page = ctx.page
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if page.published else "WebPage",
        "headline": page.title,
        "inLanguage": page.content_lang,
    }
    if page.published:
        data["datePublished"] = page.published.isoformat()
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def render(ctx: Ctx) -> str:
    rng, page = ctx.rng, ctx.page
    name = Namer(rng, "plain", rng.choice(["", "site-", "o-"]))
    sections = _sections(ctx, name)
    ctx.image_path = f"/media/{page.index}.webp"
    figure = (
        f'<figure><img src="{ctx.image_path}" alt="" loading="lazy">'
        f"<figcaption>{esc(ctx.caption)}</figcaption></figure>"
    )
    sections.insert(rng.randint(0, len(sections)), figure)
    form, aside = _newsletter_form(ctx, name), ""
    if rng.random() < 0.5:
        sections.append(form)
    else:
        aside = f"<aside>{form}</aside>"
    style = rng.choice(["role-dialog", "dialog"])
    dialogs = render_dialogs(ctx.chrome_lines, ctx.chrome_short, style, rng, name)
    before, after = (dialogs, "") if rng.random() < 0.5 else ("", dialogs)
    ld = _json_ld(ctx) if rng.random() < 0.7 else ""
    return f"""<!doctype html>
<html lang="{page.lang}"><head><meta charset="utf-8"><title>{esc(page.title)} - NATO</title>
<meta name="description" content="{attr(page.description)}">\
<meta property="og:title" content="{attr(page.title)}">
{ld}<style>{PAD_CSS}</style></head>
<body><a class="{name("skip")}" href="#main">{esc(ctx.ui["skip"])}</a>
<header role="banner"><nav aria-label="Main"><ul>{PAD_MENU}</ul></nav></header>
{before}<main id="main"><article>{_header(ctx)}
{chr(10).join(sections)}
</article>{aside}</main>{after}
<footer><ul>{PAD_FOOTER}</ul></footer>{PAD_SVG}
<script type="application/json" id="{name("state")}">{PAD_JSON}</script>
</body></html>"""
