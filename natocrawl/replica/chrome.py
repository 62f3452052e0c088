"""The portal's "multimedia account" dialogs (login, registration, newsletter), as data.

These UI strings are reproduced exactly as reported for www.nato.int (see the project's
design notes): every replica page carries one variant in its DOM. The lines are the text
nodes in document order; the renderer decides the elements. Keep them here only, so that a
test can build a site whose dialogs use a wording that appears nowhere else in the code
(`Site(chrome_wording={...})`).

Variant names start with the URL language they are shown on ("en-…", "fr-…").
"""

_VERIFY_EN = "Check your inbox and enter verification code"
_NO_CODE_EN = "Didn't receive a code? Send new Code"
_NO_CODE_FR = "Vous n'avez pas reçu de code ? Envoyer un nouveau code"

_EN_PARAGRAPHS = [
    "From now on you can download videos from our website",
    "If you would also like to subscribe to the newsletter and receive our latest updates, click on the "
    "button below.",
    "Enter the email address you registered with and we will send you a code to reset your password.",
    _NO_CODE_EN,
    "The password must be at least 12 characters long, no spaces, include upper/lowercase letters, numbers "
    "and symbols.",
    "Click the button to return to the page you were on and log in with your new password.",
]

_FR_ACCESS = (
    "Accédez aux ressources médiatiques officielles de l'OTAN. Un contenu de qualité professionnelle, "
    "diffusé sur les dernières actualités. La référence pour les professionnels des médias."
)

_FR_PARAGRAPHS = [
    "Désormais, vous pouvez télécharger des versions complètes ou partielles de nos vidéos depuis notre site "
    "Web.",
    "Si vous souhaitez également vous abonner à la newsletter et recevoir nos dernières mises à jour, "
    "cliquez sur le bouton ci-dessous.",
    "Entrez l'adresse e-mail avec laquelle vous vous êtes inscrit et nous vous enverrons un code pour "
    "réinitialiser votre mot de passe.",
    _NO_CODE_FR,
    "Le mot de passe doit comporter au moins 12 caractères, sans espaces, inclure des lettres "
    "majuscules/minuscules, des chiffres et des symboles.",
    "Cliquez sur le bouton pour revenir à la page sur laquelle vous étiez et connectez-vous avec votre "
    "nouveau mot de passe.",
]

EN_FULL = [
    "NATO MULTIMEDIA ACCOUNT",
    "Access NATO\u2019s broadcast-quality video content free of charge",
    "Register",
    "Create an account",
    "Create an account",
    _VERIFY_EN,
    # The doubled period is the portal's own typo: keep it.
    "We have sent a verification code to your email address. . Enter the code to verify your account. "
    "This code will expire in 30 minutes.",
    "Verification code",
    _NO_CODE_EN,
    "You have successfully created your account",
    _EN_PARAGRAPHS[0],
    "Subscribe to our newsletter",
    _EN_PARAGRAPHS[1],
    "Reset password",
    _EN_PARAGRAPHS[2],
    "Reset password",
    _VERIFY_EN,
    "We have sent a verification code to your email address. Enter the code to verify your account. "
    "This code will expire in 30 minutes.",
    "Verification code",
    _NO_CODE_EN,
    "Create a new password",
    _EN_PARAGRAPHS[4],
    "Your password has been updated",
    _EN_PARAGRAPHS[5],
]

FR_FULL = [
    "COMPTE MULTIMÉDIA",
    "Le seul endroit pour accéder au contenu vidéo de qualité broadcast de l'OTAN",
    _FR_ACCESS,
    "Registre",
    "Créer un compte",
    "Créer un compte",
    "Vérifiez votre boîte de réception et entrez le code de vérification",
    "Nous avons envoyé un code de vérification à votre adresse e-mail. . Entrez le code pour vérifier "
    "votre compte. Ce code expirera dans 30 minutes.",
    "Code de vérification",
    _NO_CODE_FR,
    "Vous avez créé votre compte avec succès",
    _FR_PARAGRAPHS[0],
    "Abonnez-vous à notre newsletter",
    _FR_PARAGRAPHS[1],
    "Réinitialiser le mot de passe",
    _FR_PARAGRAPHS[2],
    "Réinitialiser le mot de passe",
    _VERIFY_EN,  # sic: the French dialog keeps this line in English
    "Nous avons envoyé un code de vérification à votre adresse e-mail. Entrez le code pour vérifier "
    "votre compte. Ce code expirera dans 30 minutes.",
    "Code de vérification",
    _NO_CODE_FR,
    "Créer un nouveau mot de passe",
    _FR_PARAGRAPHS[4],
    "Votre mot de passe a été mis à jour",
    _FR_PARAGRAPHS[5],
]

# The short variants keep only the dialogs' paragraphs (headings and buttons are icons).
EN_SHORT = list(_EN_PARAGRAPHS)
FR_SHORT = [_FR_ACCESS, _FR_ACCESS, *_FR_PARAGRAPHS]

CHROME_VARIANTS: dict[str, list[str]] = {
    "en-full": EN_FULL,
    "en-short": EN_SHORT,
    "fr-full": FR_FULL,
    "fr-short": FR_SHORT,
}


def variants_for(wording: dict[str, list[str]], lang: str) -> list[str]:
    """Variant names shown on pages in `lang`; any variant if none is named for it."""
    named = sorted(name for name in wording if name.startswith(lang + "-"))
    return named or sorted(wording)


def is_short(variant: str, lines: list[str]) -> bool:
    """Short variants are paragraphs only: render every line as a paragraph."""
    return variant.endswith("short") or all(len(line.split()) > 6 for line in lines)
