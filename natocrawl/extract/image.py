"""The page's main image, as an absolute URL: the one its metadata declares (og:image,
twitter:image, JSON-LD), else the first sizeable picture of the article.

Pictures are listed before figures and image tables are pruned as captions, with their
ancestors, so that once the article's container is known we can tell which were in it.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from natocrawl.extract.metadata import json_ld_items, meta_content

_DECLARING_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
_JSON_LD_KEYS = ("image", "thumbnailUrl")
_SOURCE_ATTRIBUTES = (
    "src",
    "data-src",
    "data-lazy-src",
    "data-original",
)  # lazy loaders keep the real one aside
_SRCSET_ATTRIBUTES = ("srcset", "data-srcset")
# A picture with a smaller declared width or height is an icon, a bullet or a tracking pixel.
_MIN_PIXELS = 100
# The site's own logos and icons are images too; their paths or alt texts say so.
_FURNITURE = re.compile(r"logo|icon|sprite|pixel|spacer|blank\.|badge|1x1", re.IGNORECASE)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Picture:
    source: str
    ancestors: frozenset  # elements that held the <img> when the page was parsed


@dataclass(frozen=True)
class PageImages:
    base: str  # what relative addresses resolve against: the page URL, or its <base href>
    declared: str  # the image the page's metadata names, or ""
    pictures: tuple[Picture, ...]  # sizeable, non-furniture <img>s in document order


def page_images(tree, url: str) -> PageImages:
    """Read before scripts (JSON-LD) and captions are pruned."""
    base_href = tree.xpath("string(//base/@href)").strip()
    declared = next((found for found in _declared(tree) if not _is_furniture(found)), "")
    pictures = tuple(
        Picture(source, frozenset(img.iterancestors()))
        for img in tree.iter("img")
        if (source := _source(img)) and _is_content_picture(img, source)
    )
    return PageImages(urljoin(url, base_href) if base_href else url, declared, pictures)


def main_image(images: PageImages, container) -> str | None:
    """The declared image; else the first picture in the article's container, or beside it
    (a lead figure next to the text blocks, in the same parent; never the whole page)."""
    if images.declared and (address := _absolute(images.base, images.declared)):
        return address
    frames = [] if container is None else [container, container.getparent()]
    for frame in [frame for frame in frames if frame is not None and frame.tag not in ("body", "html")]:
        for picture in images.pictures:
            if frame in picture.ancestors:
                return _absolute(images.base, picture.source)
    return None


def _declared(tree):
    for name in _DECLARING_META:
        if found := meta_content(tree, name):
            yield found
    for item in json_ld_items(tree):
        for node in [item, *(node for node in item.get("@graph", []) if isinstance(node, dict))]:
            for key in _JSON_LD_KEYS:
                if found := _json_ld_url(node.get(key)):
                    yield found


def _json_ld_url(value) -> str:
    """A JSON-LD image: a URL, an ImageObject, or a list of either (the first counts)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value.strip() if isinstance(value, str) else ""


def _source(img) -> str:
    candidates = [img.get(name, "") for name in _SOURCE_ATTRIBUTES]
    candidates += [img.get(name, "").split(",")[0].strip().split(" ")[0] for name in _SRCSET_ATTRIBUTES]
    return next((c.strip() for c in candidates if c.strip() and not c.strip().startswith("data:")), "")


def _is_content_picture(img, source: str) -> bool:
    return _is_sizeable(img) and not _is_furniture(source, img.get("alt", "")) and not _links_elsewhere(img)


def _is_sizeable(img) -> bool:
    for name in ("width", "height"):
        digits = re.match(r"\s*(\d+)", img.get(name, ""))
        if digits and int(digits[1]) < _MIN_PIXELS:
            return False
    return True


def _is_furniture(source: str, alt: str = "") -> bool:
    path = urlsplit(source).path
    return path.lower().endswith(".svg") or bool(_FURNITURE.search(path) or _FURNITURE.search(alt))


def _links_elsewhere(img) -> bool:
    """A thumbnail linking to another page is a teaser; one linking to its own file is not."""
    link = next(img.iterancestors("a"), None)
    href = link.get("href", "").strip() if link is not None else ""
    return bool(href) and not href.startswith("#") and not _IMAGE_FILE.search(urlsplit(href).path)


def _absolute(base: str, source: str) -> str | None:
    address = urljoin(base, source)
    return address if urlsplit(address).scheme in ("http", "https") else None
