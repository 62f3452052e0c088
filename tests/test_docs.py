"""The README documents every command, option and spider argument users have; a new one
without documentation fails here (as sqlite-utils does it)."""

import re
from pathlib import Path

import click
import pytest

from natocrawl import cli, settings
from natocrawl.crawl.arguments import SPIDER_ARGUMENTS
from spiders.nato import NatoSpider

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
cli._register_commands()
COMMANDS = sorted(cli.cli.commands.items())


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_and_option_is_in_the_readme(name, command):
    assert f"natocrawl {name}" in README
    for parameter in command.params:
        if isinstance(parameter, click.Option) and parameter.name != "help":
            assert any(option in README for option in parameter.opts), (name, parameter.opts)


@pytest.mark.parametrize("argument", SPIDER_ARGUMENTS)
def test_every_spider_argument_is_in_the_readme(argument):
    assert f"-a {argument}=" in README
    NatoSpider.check_arguments(**{})  # the defaults are valid


def test_the_readme_gives_exactly_two_commands_to_start_with():
    block = re.search(r"## Two commands.*?```sh\n(.*?)```", README, re.S).group(1)
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == [
        "python3 tasks.py demo",
        "python3 tasks.py test",
    ]


def test_no_listening_servers_in_the_crawler():
    from scrapy.settings import Settings
    from scrapy.utils.conf import build_component_list

    assert settings.TELNETCONSOLE_ENABLED is False and settings.REMOTE_CONTROL_ENABLED is False
    scrapy_settings = Settings()
    scrapy_settings.setmodule(settings)
    enabled = build_component_list(scrapy_settings.get_component_priority_dict_with_base("EXTENSIONS"))
    assert "natocrawl.crawl.recorder.CrawlRunRecorder" in enabled
    assert not {"telnet", "remote_control"} & {name.split(".")[2] for name in enabled}
    # Scrapy's other extensions stay (the core stats, the log stats, the memory usage, …).
    assert "scrapy.extensions.corestats.CoreStats" in enabled


def test_the_readme_codebook_is_the_codebook():
    from natocrawl.archive import codebook

    section = re.search(
        r"<!-- codebook: generated, do not edit here -->\n(.*?)<!-- end of codebook -->", README, re.S
    )
    assert section and section.group(1) == codebook.readme_section(), (
        "regenerate it: python -m natocrawl.archive.codebook"
    )
