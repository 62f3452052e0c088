"""Project overrides of Scrapy commands (see COMMANDS_MODULE in natocrawl.settings)."""
