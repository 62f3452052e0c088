"""Learn the site's boilerplate from the crawl and take it out of bodies (see
natocrawl.extract.boilerplate): each page's lines are counted here, once per URL (a page
fetched again with the same lines, by a full re-crawl, is not counted again); what earlier
crawls learned leaves each page's DOM as it is extracted (pipelines.extract); at the end of
the crawl, natocrawl.archive.rewrite saves what this crawl learned and corrects the stored
rows that still hold it."""

import sqlite3

from itemadapter import ItemAdapter

from natocrawl.archive.boilerplate import counted_digest
from natocrawl.archive.rewrite import settle
from natocrawl.crawl.items import ExtractedPage
from natocrawl.crawl.stats import ALIASES_KEY, REWRITTEN_KEY
from pipelines.base import CrawlPipeline


class BoilerplatePipeline(CrawlPipeline):
    def process_item(self, item):
        if not isinstance(item, ExtractedPage):
            return item
        page = ItemAdapter(item)
        article = ItemAdapter(page["article"])
        if article["lang"] and article["body"]:
            url = article["url"]
            try:
                known = counted_digest(self.context.db, url)  # by earlier crawls (this one's: the model)
                self.context.model.observe_page(url, article["lang"], page["lines"], page["keys"], known)
            except (sqlite3.OperationalError, OSError) as error:  # the rare lines' temporary file
                self.storage_failed(error, "the boilerplate counts")
        return page["article"]

    def close_spider(self):
        try:
            settled = settle(self.context.db, self.context.model, self.context.archive.warc_dir)
        except (sqlite3.OperationalError, OSError) as error:
            self.storage_failed(error, "the learned boilerplate")
            return
        self.stats.inc_value(REWRITTEN_KEY, settled.rewritten)
        self.stats.inc_value(ALIASES_KEY, settled.folded)
