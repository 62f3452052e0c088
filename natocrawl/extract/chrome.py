"""The portal's login/registration/newsletter dialogs, and how to take them out of a page.

Two signals, both independent of class names: structure (elements a reader never sees,
dialogs, forms) and the known chrome strings, matched only against a whole element's
text so that a body paragraph that merely mentions a newsletter or a password stays.
"""

import functools
import re
import unicodedata

from lxml import etree

from natocrawl.extract.container import PROSE_CHARS
from natocrawl.extract.reading import inside_block, neighbour_blocks, text_blocks, text_of

# Every line of the four dialog variants seen on the portal (English/French, full/short).
CHROME_LINES = (
    "NATO MULTIMEDIA ACCOUNT",
    "Access NATO’s broadcast-quality video content free of charge",
    "Register",
    "Create an account",
    "Check your inbox and enter verification code",
    "We have sent a verification code to your email address. . Enter the code to verify your account. "
    "This code will expire in 30 minutes.",
    "Verification code",
    "Didn't receive a code? Send new Code",
    "You have successfully created your account",
    "From now on you can download videos from our website",
    "Subscribe to our newsletter",
    "If you would also like to subscribe to the newsletter and receive our latest updates, "
    "click on the button below.",
    "Reset password",
    "Enter the email address you registered with and we will send you a code to reset your password.",
    "We have sent a verification code to your email address. Enter the code to verify your account. "
    "This code will expire in 30 minutes.",
    "Create a new password",
    "The password must be at least 12 characters long, no spaces, include upper/lowercase letters, "
    "numbers and symbols.",
    "Your password has been updated",
    "Click the button to return to the page you were on and log in with your new password.",
    "COMPTE MULTIMÉDIA",
    "Le seul endroit pour accéder au contenu vidéo de qualité broadcast de l'OTAN",
    "Accédez aux ressources médiatiques officielles de l'OTAN. Un contenu de qualité professionnelle, "
    "diffusé sur les dernières actualités. La référence pour les professionnels des médias.",
    "Registre",
    "Créer un compte",
    "Vérifiez votre boîte de réception et entrez le code de vérification",
    "Nous avons envoyé un code de vérification à votre adresse e-mail. . Entrez le code pour vérifier "
    "votre compte. Ce code expirera dans 30 minutes.",
    "Code de vérification",
    "Vous n'avez pas reçu de code ? Envoyer un nouveau code",
    "Vous avez créé votre compte avec succès",
    "Désormais, vous pouvez télécharger des versions complètes ou partielles de nos vidéos "
    "depuis notre site Web.",
    "Abonnez-vous à notre newsletter",
    "Si vous souhaitez également vous abonner à la newsletter et recevoir nos dernières mises à jour, "
    "cliquez sur le bouton ci-dessous.",
    "Réinitialiser le mot de passe",
    "Entrez l'adresse e-mail avec laquelle vous vous êtes inscrit et nous vous enverrons un code pour "
    "réinitialiser votre mot de passe.",
    "Nous avons envoyé un code de vérification à votre adresse e-mail. Entrez le code pour vérifier "
    "votre compte. Ce code expirera dans 30 minutes.",
    "Créer un nouveau mot de passe",
    "Le mot de passe doit comporter au moins 12 caractères, sans espaces, inclure des lettres "
    "majuscules/minuscules, des chiffres et des symboles.",
    "Votre mot de passe a été mis à jour",
    "Cliquez sur le bouton pour revenir à la page sur laquelle vous étiez et connectez-vous avec votre "
    "nouveau mot de passe.",
)

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\u202f": " "})
_SPACES = re.compile(r"\s+")


# Menus, footers and dialogs repeat on every page: most lines a worker normalises, it has
# normalised before. Bounded, so a long crawl's workers stay flat.
@functools.lru_cache(maxsize=1 << 13)
def normalize_text(text: str) -> str:
    """The comparison form of a line: NFC, plain quotes and spaces, case-folded."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().casefold()


@functools.lru_cache(maxsize=1 << 13)
def line_key(text: str) -> str:
    """The comparison form of a line for chrome and learned boilerplate: case-folded, without
    any spaces (inline pieces of a dialog line, "…a code?<a>Send new Code</a>", join with or
    without one, depending on the markup)."""
    return normalize_text(text).replace(" ", "")


CHROME_KEYS = frozenset(line_key(line) for line in CHROME_LINES)
_LONGEST_CHROME = max(len(key) for key in CHROME_KEYS)
# Most elements of a page can be ruled out by how their text begins, without reading it all.
PREFIX_CHARS = 12
_CHROME_PREFIXES = frozenset(key[:PREFIX_CHARS] for key in CHROME_KEYS)


def is_chrome_text(text: str) -> bool:
    return line_key(text) in CHROME_KEYS


def is_short_chrome(text: str) -> bool:
    """A chrome line of three words or fewer ("Register", "Reset password"): a body may
    use the same words as a heading, so alone it is not proof of chrome."""
    return is_chrome_text(text) and len(text.split()) <= 3


# Never article text, whatever they hold.
_NEVER_TEXT_TAGS = ("script", "style", "noscript", "template", "dialog", "svg", "iframe")
_DIALOG_ROLES = ("dialog", "alertdialog")


def _is_dialog(element) -> bool:
    return element.get("role") in _DIALOG_ROLES or element.get("aria-modal") == "true"


# Hidden or form elements: out unless they hold prose that is not chrome, because collapsed
# accordion panels and pages wrapped whole in a <form> hold the article itself.
def _is_concealed(element) -> bool:
    if element.tag == "form" or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "")
    return "display:none" in style or "visibility:hidden" in style


_CONTROL_TAGS = ("button", "input", "select", "textarea", "option")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def drop_element(element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# Only elements carrying these attributes can be dialogs or concealed: libxml2 finds them by
# their attributes four times faster than a Python test of every element.
_MAY_BE_DIALOG = etree.XPath("//@role/.. | //@aria-modal/..")
_MAY_BE_CONCEALED = etree.XPath(
    "//body//form | //body//@hidden/.. | //body//@aria-hidden/.. | //body//@style/.."
)


def prune_invisible(tree) -> int:
    """Take out scripts, dialogs, and hidden or form elements holding no prose of their own;
    returns how many."""
    doomed = list(tree.iter(*_NEVER_TEXT_TAGS)) + [e for e in _MAY_BE_DIALOG(tree) if _is_dialog(e)]
    body = tree.find("body")
    concealed = [e for e in _MAY_BE_CONCEALED(tree) if e is not body and _is_concealed(e)]
    for element in doomed:
        drop_element(element)
    for element in concealed:
        if not _detached(element) and _holds_no_article_prose(element):
            drop_element(element)
            doomed.append(element)
    return len(doomed)


def _holds_no_article_prose(element) -> bool:
    prose = [text for text in element.itertext() if len(text.strip()) >= PROSE_CHARS]
    if any(is_chrome_text(text) for text in prose):
        return True
    return not prose and not _is_collapsed_panel(element)


def _is_collapsed_panel(element) -> bool:
    """Accordion and tab panels say what they are (ARIA region/tabpanel, hidden="until-found"):
    collapsed, they still hold the page's own text, lists included."""
    return element.get("role") in ("region", "tabpanel") or element.get("hidden") == "until-found"


_IMAGE_TABLES = etree.XPath("//body//table[.//img and not(.//table)]")
_CAPTION_MAX_CHARS = 300


def prune_captions(tree) -> int:
    """Figures and their captions, including the small tables old layouts frame an image
    and its caption in: a caption is not body text."""
    doomed = list(tree.iter("figure", "figcaption"))
    doomed += [table for table in _IMAGE_TABLES(tree) if len(text_of(table).strip()) <= _CAPTION_MAX_CHARS]
    for element in doomed:
        if not _detached(element):
            drop_element(element)
    return len(doomed)


def prune_controls(tree) -> int:
    """Buttons and inputs, once the chrome pass has read the lines they finish. A button
    inside a heading (an accordion header) is only unwrapped: its text is the heading."""
    controls = list(tree.iter(*_CONTROL_TAGS))
    for element in controls:
        if element.tag == "button" and any(a.tag in _HEADING_TAGS for a in element.iterancestors()):
            element.drop_tag()
        else:
            drop_element(element)
    return len(controls)


def prune_chrome_text(tree) -> int:
    """Take out visible elements whose whole text is a known chrome line, or only chrome
    lines. A short line ("Register") goes only next to other chrome in reading order:
    alone, between article paragraphs, it is a heading of the article."""
    matched = {}
    last = None
    for element in text_blocks(tree):
        if not _may_start_chrome(element) or (last is not None and inside_block(element, last)):
            continue
        text = text_of(element)
        if text.strip() and _is_chrome_block(element, text):
            matched[element] = is_short_chrome(text)
            last = element
    doomed = _chrome_blocks(matched)
    for element in doomed:
        drop_element(element)
    return len(doomed)


def _chrome_blocks(matched: dict) -> list:
    """The matched blocks that are chrome: every long line, and the short lines whose
    neighbour in reading order is chrome (a chain of short lines reaches a long one, or
    two short lines stand together)."""
    shorts = [element for element, short in matched.items() if short]
    near_of = neighbour_blocks(matched) if shorts else {}
    neighbours = {element: near_of[element] for element in shorts}
    chrome = {element for element, short in matched.items() if not short}
    chrome |= {element for element, near in neighbours.items() if any(other in neighbours for other in near)}
    grown = True
    while grown:
        grown = False
        for element, near in neighbours.items():
            if element not in chrome and any(other in chrome for other in near):
                chrome.add(element)
                grown = True
    return [element for element in matched if element in chrome]


# An element with few children has little text: reading it whole is cheaper than piece by piece.
_FEW_CHILDREN = 4


def _may_start_chrome(element) -> bool:
    """Whether the element's text begins like a chrome line (a cheap look at its start)."""
    if len(element) < _FEW_CHILDREN:
        whole = text_of(element)
        if len(whole.strip()) < 2 * PREFIX_CHARS:  # short: the pieces below would add up to it all
            return line_key(whole)[:PREFIX_CHARS] in _CHROME_PREFIXES
    start = ""
    for piece in element.itertext():
        start += piece
        if len(start.strip()) >= 2 * PREFIX_CHARS:
            break
    return line_key(start)[:PREFIX_CHARS] in _CHROME_PREFIXES


def _is_chrome_block(element, text: str) -> bool:
    if len(text) <= 2 * _LONGEST_CHROME and is_chrome_text(text):
        return True
    # A container of dialog lines: every text-bearing child is chrome.
    texts = [text for child in element if isinstance(child.tag, str) and (text := text_of(child)).strip()]
    if len(texts) < 2 or (element.text and element.text.strip()):
        return False
    return all(len(text) <= 2 * _LONGEST_CHROME and is_chrome_text(text) for text in texts)


def _detached(element) -> bool:
    # An ancestor removed earlier in the same pass leaves this element in a detached subtree.
    root = element.getroottree().getroot()
    return root is None or root.tag != "html"
