"""The frame around the article inside its container, by position and structure: layout
tables (cells holding paragraphs and headings) read as the blocks they are, what stands
before the headline (kickers, trails, date lines), and small tables or definition lists
of metadata (Date | Type | Reference).

Decisions: nothing before the headline is body, as readability and boilerpipe hold; a table
whose cells hold block elements lays a page out and holds no data; a table or list of
short label/value cells, one of them a date or a reference, is the page's metadata,
while a table of data has more rows and columns than a header and one row of values.
"""

from lxml import etree
from lxml.html import Element as html_element

from natocrawl.extract.blocks import is_inside
from natocrawl.extract.chrome import drop_element, normalize_text
from natocrawl.extract.reading import text_of
from natocrawl.extract.stamps import is_stamp_line

_TABLE_PARTS = ("table", "tbody", "thead", "tfoot", "tr", "td", "th")
_LAYOUT_CONTENT = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote")
_HEADLINE_TAGS = ("h1", "h2", "h3")
_CELL_WORDS = 6
_PAIRS = 6  # label/value pairs at most in a metadata table or list


def unwrap_layout_tables(container) -> None:
    """Tables whose cells hold paragraphs, headings or other tables become plain blocks, so
    that Trafilatura reads their paragraphs one by one instead of one cell's glued text."""
    tables = [container] if container.tag in ("td", "th", "tr") else []
    tables += [table for table in container.iter("table") if _lays_out(table)]
    for table in tables:
        for part in _own_parts(table):
            part.tag = "div"
            for attribute in ("width", "align", "valign", "colspan", "rowspan"):
                part.attrib.pop(attribute, None)
            _wrap_inline_runs(part)


def _wrap_inline_runs(block) -> None:
    """Text and inline elements standing between a former cell's blocks, a run per line, each
    into a <p> of its own, as a browser lays them out: left loose in a <div>, Trafilatura
    reads them as one paragraph with the blocks around them."""
    children = [child for child in block if isinstance(child.tag, str)]
    if not any(child.tag in _LAYOUT_CONTENT for child in children):
        return
    run = html_element("p")
    run.text, block.text = block.text, None
    for child in list(block):
        if isinstance(child.tag, str) and child.tag in _LAYOUT_CONTENT:
            _place(run, child)
            run = html_element("p")
            run.text, child.tail = child.tail, None
        elif child.tag == "br":
            _place(run, child)
            run = html_element("p")
            run.text = child.tail
            block.remove(child)
        else:
            run.append(child)  # moves it, with its tail
    _place(run, None, block)


def _place(run, before, block=None) -> None:
    """Put the run of inline content just before `before` (or at the end of `block`)."""
    if not (run.text or "").strip() and not len(run):
        return
    if before is not None:
        before.addprevious(run)
    else:
        block.append(run)


def _lays_out(table) -> bool:
    cells = [part for part in _own_parts(table) if part.tag in ("td", "th")]
    return any(any(True for _ in cell.iter(*_LAYOUT_CONTENT)) for cell in cells)


def _own_parts(table) -> list:
    """The table and its rows and cells, not those of tables nested in its cells."""
    parts = [table]
    for element in table.iterdescendants(*_TABLE_PARTS[1:]):  # a nested table is its own
        owner = next(element.iterancestors("table"), None)
        if owner is table or (table.tag != "table" and (owner is None or not is_inside(owner, table))):
            parts.append(element)
    return parts


def prune_before_headline(container, title: str) -> int:
    """Everything before the headline's heading, in document order: kicker, trail, dates."""
    key = normalize_text(title)
    headline = next((h for h in container.iter(*_HEADLINE_TAGS) if normalize_text(text_of(h)) == key), None)
    if not key or headline is None:
        return 0
    frame = [container, *_ancestors_below(headline, container)]
    doomed: list = []
    for element in container.iterdescendants(etree.Element):
        if element is headline:
            break
        if element not in frame and (not doomed or not is_inside(element, doomed[-1])):
            doomed.append(element)
    for element in doomed:
        drop_element(element)
    for ancestor in frame:
        ancestor.text = None  # an ancestor's own text comes before everything it holds
    return len(doomed)


def _ancestors_below(element, container) -> list:
    found = []
    for ancestor in element.iterancestors():
        if ancestor is container:
            return found
        found.append(ancestor)
    return found


def prune_metadata_tables(container) -> int:
    doomed = [
        table
        for table in container.iter("table")
        if _is_metadata(rows := _table_cells(table), len(rows) <= 2 or max(map(len, rows)) <= 2)
    ]
    doomed += [
        terms
        for terms in container.iter("dl")
        if _is_metadata(_term_rows(terms), len(terms.findall("dt")) <= _PAIRS)
    ]
    for element in doomed:
        drop_element(element)
    return len(doomed)


def _term_rows(terms) -> list[list[str]]:
    """A definition list as rows: each term, then its definitions."""
    rows: list[list[str]] = []
    for element in terms.iter("dt", "dd"):
        if element.tag == "dt" or not rows:
            rows.append([])
        rows[-1].append(text_of(element))
    return rows or [[]]


def _table_cells(table) -> list[list[str]]:
    return [[text_of(cell) for cell in row.iter("td", "th")] for row in table.iter("tr")] or [[]]


def _is_metadata(rows: list[list[str]], shaped: bool) -> bool:
    """A few short label and value cells, one of them a date or a reference; not a timeline
    (a date opening row after row: "Date | Event")."""
    cells = [" ".join(cell.split()) for row in rows for cell in row]
    if not shaped or not cells or len(cells) > 2 * _PAIRS or any(len(c.split()) > _CELL_WORDS for c in cells):
        return False
    dated_rows = sum(1 for row in rows if row and is_stamp_line(" ".join(row[0].split())))
    return dated_rows <= 1 and any(is_stamp_line(cell) for cell in cells if cell)
