"""Markup families: unrelated ways of drawing the same page. Each exposes `render(ctx) -> str`.

Padding markers (`PAD_CSS`…) are replaced afterwards by bulk sized to the page's drawn size.
"""

PAD_CSS, PAD_SVG, PAD_JSON = "\x00css\x00", "\x00svg\x00", "\x00json\x00"
PAD_MENU, PAD_FOOTER = "\x00menu\x00", "\x00footer\x00"
