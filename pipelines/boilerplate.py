"""Learn the site's boilerplate from the crawl and take it out of bodies (see
natocrawl.boilerplate): each page's lines are counted; what earlier crawls learned leaves
the body before it is validated and stored; at the end of the crawl, what this crawl
learned is saved in the archive and taken out of every stored row. (Cleaning with what is
learned half-way would make the result depend on the order pages arrive in.)"""

import copy

from itemadapter import ItemAdapter

from natocrawl import store
from natocrawl.boilerplate import BoilerplateModel
from natocrawl.extract.article import body_hash
from natocrawl.items import AliasItem
from pipelines.archive import ArchivePipeline

REWRITTEN_KEY = "natocrawl/boilerplate/rows_rewritten"


def _body_fields(paragraphs: list[str]) -> dict:
    body = "\n\n".join(paragraphs)
    return {"body": body, "word_count": len(body.split()), "content_hash": body_hash(body)}


class BoilerplatePipeline(ArchivePipeline):
    def __init__(self, stats, archive_path: str, min_pages: int, share: float):
        super().__init__(stats, archive_path)
        self.model = BoilerplateModel(min_pages=min_pages, share=share)
        self.prior = self.model

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, settings.get("ARCHIVE_DB"), settings.getint("BOILERPLATE_MIN_PAGES"),
                   settings.getfloat("BOILERPLATE_SHARE"))

    def open_spider(self):
        super().open_spider()
        pages, lines, texts = store.load_boilerplate(self.db)
        self.model.pages.update(pages)
        self.model.lines.update(lines)
        self.model.texts.update(texts)
        self.prior = copy.deepcopy(self.model)

    def process_item(self, item):
        if isinstance(item, AliasItem):
            return item
        article = ItemAdapter(item)
        lines = article.get("lines") or ()
        if "lines" in article:
            del article["lines"]
        if not article.get("lang") or not article.get("body"):
            return item
        self.model.observe(article["lang"], lines)
        paragraphs = article["body"].split("\n\n")
        cleaned = self.prior.clean(article["lang"], paragraphs)
        if cleaned != paragraphs:
            article.update(_body_fields(cleaned))
        return item

    def close_spider(self):
        store.save_boilerplate(self.db, self.model.pages, self.model.lines, self.model.texts, self.model.is_learned)
        for url, lang, body in self.db.execute("SELECT url, lang, body FROM articles").fetchall():
            paragraphs = (body or "").split("\n\n")
            cleaned = self.model.clean(lang, paragraphs)
            if cleaned and cleaned != paragraphs:
                fields = _body_fields(cleaned)
                store.rewrite_body(self.db, url, fields["body"], fields["content_hash"])
                self.stats.inc_value(REWRITTEN_KEY)
        super().close_spider()
