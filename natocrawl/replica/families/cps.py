"""(c) The legacy cps layout: tables, entities, a bullet block (`31 Mar. 2017 -`, `Press Release
(2015) 057`, `Last updated: …`), captions in tables, and the follow-us / press-office ending."""

from natocrawl.replica import vocab
from natocrawl.replica.context import PRESS_OFFICE, Ctx
from natocrawl.replica.dialogs import render_dialogs
from natocrawl.replica.families import PAD_CSS, PAD_FOOTER, PAD_JSON, PAD_MENU
from natocrawl.replica.markup import Namer, attr, block_inner, esc, grouped, with_repeated_lead, wrap_lines


def _bullets(ctx: Ctx) -> list[str]:
    page, rng = ctx.page, ctx.rng
    lines = [f"{vocab.date_abbr(page.published)} -"]
    if page.type in ("news", "official-text") and rng.random() < 0.6:
        lines.append(f"Press Release ({page.published.year}) {rng.randint(1, 180):03d}")
    if page.updated:
        stamp = f"{vocab.date_abbr(page.updated)} {rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}"
        lines.append(ctx.ui["last_updated"].format(date=stamp))
    if ctx.rng.random() < 0.5:
        items = "".join(f"<li>{esc(line, 'named')}</li>" for line in lines)
        return ['<ul class="bullets">' + items + "</ul>"]
    return ['<div class="dateline">' + "<br>\n".join(esc(line, "named") for line in lines) + "</div>"]


def _body(ctx: Ctx, entity_style: str, wrap: int) -> str:
    blocks = with_repeated_lead(ctx.blocks, ctx.page.repeated_lead)
    if all(block.kind == "p" for block in blocks) and ctx.rng.random() < 0.5:
        # The oldest pages separate paragraphs with <br><br> inside one container.
        return (
            '<div class="text">'
            + "<br><br>\n".join(wrap_lines(block_inner(b, entity_style), wrap) for b in blocks)
            + "</div>"
        )

    def inner(block) -> str:
        return block_inner(block, entity_style)

    by_kind = {  # a group of blocks of one kind, as this family writes it
        "item": lambda group: "<ul>" + "".join(f"<li>{inner(b)}</li>" for b in group) + "</ul>",
        "subtitle": lambda group: f"<h3>{inner(group[0])}</h3>",
        "heading": lambda group: f'<p class="subhead"><strong>{inner(group[0])}</strong></p>',
    }
    paragraph = lambda group: f"<p>{wrap_lines(inner(group[0]), wrap)}</p>"  # noqa: E731
    return "\n".join(by_kind.get(group[0].kind, paragraph)(group) for group in grouped(blocks))


def _image(ctx: Ctx) -> str:
    ctx.image_path = f"/pictures/{ctx.page.index}.jpg"
    return (
        f'<table class="image" align="right" width="250"><tr><td><img src="{ctx.image_path}" '
        f'width="250" alt=""></td></tr>'
        f'<tr><td class="caption">{esc(ctx.caption, "named")}</td></tr></table>'
    )


def _ending(ctx: Ctx) -> str:
    office = "<br>".join(esc(line, "named") for line in PRESS_OFFICE)
    return f'<p class="follow">{esc(ctx.ui["follow"], "named")}</p>\n<p class="contact">{office}</p>'


def render(ctx: Ctx) -> str:
    rng, page = ctx.rng, ctx.page
    name = Namer(rng, "legacy")
    entity_style = rng.choice(["named", "numeric", "raw"])
    kind = ctx.ui["legacy_type"].get(page.type, "NATO")
    title_tag = rng.choice(["h1", "h1", "h2"])
    style = rng.choice(["aria-hidden", "plain", "hidden-attr"])
    dialogs = render_dialogs(ctx.chrome_lines, ctx.chrome_short, style, rng, name)
    content = [
        f'<{title_tag} class="{name("title")}">{esc(page.title, entity_style)}</{title_tag}>',
        *_bullets(ctx),
        _image(ctx),
        _body(ctx, entity_style, rng.choice([0, 0, 9, 14])),
        _ending(ctx),
    ]
    top, bottom = (dialogs, "") if rng.random() < 0.3 else ("", dialogs)
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>NATO - {esc(kind)}: {esc(page.title)}, {vocab.date_abbr(page.published).replace(" ", "-")}</title>
<meta name="description" content="{attr(page.description)}">
<style type="text/css">{PAD_CSS}</style></head>
<body bgcolor="#ffffff" leftmargin="0" topmargin="0">{top}
<table width="100%" border="0" cellpadding="0" cellspacing="0"><tr>
<td id="{name("leftnav")}" width="180" valign="top"><ul class="{name("nav")}">{PAD_MENU}</ul></td>
<td valign="top"><div id="{name("content")}">
{chr(10).join(content)}
</div></td></tr>
<tr><td colspan="2" class="{name("footer")}"><ul>{PAD_FOOTER}</ul></td></tr></table>{bottom}
<script type="text/javascript">var cpsPage = {PAD_JSON};</script>
</body></html>"""
