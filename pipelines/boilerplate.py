"""Learn the site's boilerplate from the crawl and take it out of bodies (see
natocrawl.extract.boilerplate): each page's lines are counted; what earlier crawls learned leaves
each page's DOM as it is extracted (pipelines.extract); at the end of the crawl, what this
crawl learned is saved in the archive, and every stored row that still holds it is
extracted again from its WARC capture with it. (Cleaning with what is learned half-way
would make the result depend on the order pages arrive in.)"""

from itemadapter import ItemAdapter

from natocrawl.archive import store
from natocrawl.extract.boilerplate import load_model
from natocrawl.dates import utc_now
from natocrawl.extract.article import body_hash
from natocrawl.extract.learned import drop_learned_runs
from natocrawl.extract.version import extractor_version
from natocrawl.crawl.items import TEXTLESS_ITEMS
from natocrawl.archive.reextract import extracted_fields, read_html
from natocrawl.crawl.runlog import ALIASES_KEY
from natocrawl.archive.warc import warc_dir_for
from pipelines.archive import ArchivePipeline

REWRITTEN_KEY = "natocrawl/boilerplate/rows_rewritten"


class BoilerplatePipeline(ArchivePipeline):
    def __init__(self, stats, archive_path: str, warc_dir, min_pages: int, share: float):
        super().__init__(stats, archive_path)
        self.warc_dir = warc_dir
        self.min_pages = min_pages
        self.share = share
        self.model = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        archive_path = settings.get("ARCHIVE_DB")
        return cls(crawler.stats, archive_path, warc_dir_for(archive_path, settings.get("WARC_DIR")),
                   settings.getint("BOILERPLATE_MIN_PAGES"), settings.getfloat("BOILERPLATE_SHARE"))

    def open_spider(self):
        super().open_spider()
        self.model = load_model(self.db, self.min_pages, self.share)

    def process_item(self, item):
        if isinstance(item, TEXTLESS_ITEMS):
            return item
        article = ItemAdapter(item)
        lines = article.get("lines") or ()
        if "lines" in article:
            del article["lines"]
        if article.get("lang") and article.get("body"):
            self.model.observe(article["lang"], lines)
        return item

    def close_spider(self):
        model = self.model
        store.save_boilerplate(self.db, model.pages, model.lines, model.texts, model.is_learned)
        frequent = {lang: model.frequent_lines(lang) for lang in model.pages}
        # Read as it goes (not fetched all at once: bodies of the whole archive); the rewrites
        # keep each row's rowid, so the scan neither skips nor repeats a row.
        rows = self.db.execute("SELECT url, lang, body, warc_file, warc_offset FROM articles ORDER BY rowid")
        for url, lang, body, warc_file, warc_offset in rows:
            paragraphs = (body or "").split("\n\n")
            cleaned = drop_learned_runs(paragraphs, frequent.get(lang, {}))
            if cleaned == paragraphs:
                continue
            fields = self._extracted_again(url, warc_file, warc_offset, frequent.get(lang, {}))
            if fields is None and cleaned:  # no capture to go back to: the body's own lines
                fields = {"body": "\n\n".join(cleaned)}
            if fields:
                store.rewrite_extraction(self.db, url, _with_body_fields(fields))
                self.stats.inc_value(REWRITTEN_KEY)
        self.stats.inc_value(ALIASES_KEY, store.fold_duplicates(self.db, utc_now()))
        super().close_spider()

    def _extracted_again(self, url: str, warc_file, warc_offset, frequent: dict) -> dict | None:
        html = read_html(self.warc_dir, warc_file, warc_offset)
        fields = html if isinstance(html, str) else extracted_fields(html, url, frequent)
        if isinstance(fields, str):  # no capture, or nothing extracted from it
            return None
        return fields | {"extractor_version": extractor_version()}


def _with_body_fields(fields: dict) -> dict:
    body = fields["body"]
    return {**fields, "word_count": len(body.split()), "content_hash": body_hash(body)}
