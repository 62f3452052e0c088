"""Vocabulary for the replica's invented prose: people, countries, topics, dates.

All names of people are invented. Country names and NATO institutions are plain facts.
French forms carry their article and contractions because templates cannot guess them.
"""

from datetime import date

NBSP = "\u00a0"

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# The legacy cps pages abbreviate months in English, even on French pages.
MONTHS_ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

# (English, French with article, "de" form, "à" form, English adjective)
COUNTRIES = [
    ("Estonia", "l’Estonie", "de l’Estonie", "à l’Estonie", "Estonian"),
    ("Romania", "la Roumanie", "de la Roumanie", "à la Roumanie", "Romanian"),
    ("Canada", "le Canada", "du Canada", "au Canada", "Canadian"),
    ("Norway", "la Norvège", "de la Norvège", "à la Norvège", "Norwegian"),
    ("Portugal", "le Portugal", "du Portugal", "au Portugal", "Portuguese"),
    ("Poland", "la Pologne", "de la Pologne", "à la Pologne", "Polish"),
    ("Italy", "l’Italie", "de l’Italie", "à l’Italie", "Italian"),
    ("Latvia", "la Lettonie", "de la Lettonie", "à la Lettonie", "Latvian"),
    ("Denmark", "le Danemark", "du Danemark", "au Danemark", "Danish"),
    ("Spain", "l’Espagne", "de l’Espagne", "à l’Espagne", "Spanish"),
    ("Türkiye", "la Türkiye", "de la Türkiye", "à la Türkiye", "Turkish"),
    ("Finland", "la Finlande", "de la Finlande", "à la Finlande", "Finnish"),
    ("Slovakia", "la Slovaquie", "de la Slovaquie", "à la Slovaquie", "Slovak"),
    ("Iceland", "l’Islande", "de l’Islande", "à l’Islande", "Icelandic"),
    ("Greece", "la Grèce", "de la Grèce", "à la Grèce", "Greek"),
    ("Lithuania", "la Lituanie", "de la Lituanie", "à la Lituanie", "Lithuanian"),
    ("Montenegro", "le Monténégro", "du Monténégro", "au Monténégro", "Montenegrin"),
    ("Belgium", "la Belgique", "de la Belgique", "à la Belgique", "Belgian"),
]

# Invented people: (name, gender) — gender drives French agreement only.
SECRETARIES_GENERAL = [
    ("Helena Marsk", "f"),
    ("Tomas Vinter", "m"),
    ("Aurelio Danesi", "m"),
    ("Ingrid Solvang", "f"),
    ("Pieter van Loon", "m"),
]
OFFICIALS = [
    ("Maren Holt", "f"),
    ("Jonas Aberle", "m"),
    ("Ruxandra Pîrvu", "f"),
    ("Émile Tavernier", "m"),
    ("Kaisa Lindqvist", "f"),
    ("Dario Benetti", "m"),
    ("Nora O’Connell", "f"),
    ("Vilius Kairys", "m"),
    ("Sofia Andrade", "f"),
    ("Henrik Dahl", "m"),
    ("Zeynep Arslan", "f"),
    ("Marek Zieliński", "m"),
    ("Camille Rousset", "f"),
    ("Lars Eikeland", "m"),
    ("Anouk Verbeek", "f"),
]

# (English role, French masculine, French feminine)
ROLES = [
    ("Prime Minister", "premier ministre", "première ministre"),
    ("Minister of Foreign Affairs", "ministre des Affaires étrangères", "ministre des Affaires étrangères"),
    ("Minister of Defence", "ministre de la Défense", "ministre de la Défense"),
    ("President", "président", "présidente"),
    ("Chief of Defence", "chef d’état-major de la défense", "cheffe d’état-major de la défense"),
]

# (English, French) — French with its article.
TOPICS = [
    ("air and missile defence", "la défense aérienne et antimissile"),
    ("security in the Black Sea region", "la sécurité dans la région de la mer Noire"),
    ("support for Ukraine", "le soutien à l’Ukraine"),
    ("defence production", "la production de défense"),
    ("climate change and security", "le changement climatique et la sécurité"),
    (
        "resilience of critical undersea infrastructure",
        "la résilience des infrastructures sous-marines critiques",
    ),
    ("the fight against terrorism", "la lutte contre le terrorisme"),
    ("cyber defence", "la cyberdéfense"),
    ("burden sharing", "le partage des charges"),
    ("the High North", "le Grand Nord"),
    ("arms control", "la maîtrise des armements"),
    ("emerging and disruptive technologies", "les technologies émergentes et de rupture"),
    ("women, peace and security", "les femmes, la paix et la sécurité"),
    ("partnerships in the Western Balkans", "les partenariats dans les Balkans occidentaux"),
]

# (English, French) — places where things happen.
PLACES = [
    ("at NATO Headquarters in Brussels", "au siège de l’OTAN, à Bruxelles"),
    ("in Vilnius", "à Vilnius"),
    ("in Madrid", "à Madrid"),
    ("in Oslo", "à Oslo"),
    ("at Allied Command Transformation in Norfolk", "au Commandement allié Transformation, à Norfolk"),
    ("at SHAPE in Mons", "au SHAPE, à Mons"),
    ("in Tallinn", "à Tallinn"),
    ("in Bucharest", "à Bucarest"),
    ("in Reykjavik", "à Reykjavik"),
    ("in Lisbon", "à Lisbonne"),
]

EXERCISES = [
    "Steadfast Harbour",
    "Cold Lantern",
    "Iron Meridian",
    "Northern Quill",
    "Locked Orchard",
    "Silent Beacon",
    "Brave Tern",
    "Amber Circuit",
]

OUTLETS = [
    "Baltic Herald",
    "Radio Kestrel",
    "Nordic Wire",
    "Agence Méridienne",
    "The Atlantic Ledger",
    "TV Orion",
    "Le Courrier de l’Est",
    "Danube Daily",
]

# Invented subjects for the reference pages and events: (slug, English, French)
REFERENCE_SUBJECTS = [
    ("partnerships", "Partnerships: projecting stability", "Partenariats : projeter la stabilité"),
    ("crisis-management", "Crisis management", "Gestion des crises"),
    ("nuclear-deterrence", "Deterrence and defence", "Dissuasion et défense"),
    (
        "science-for-peace",
        "Science for peace and security",
        "La science au service de la paix et de la sécurité",
    ),
    ("energy-security", "Energy security", "Sécurité énergétique"),
    ("cyber-defence", "Cyber defence", "Cyberdéfense"),
    ("standardization", "Standardization", "Normalisation"),
    ("human-security", "Human security", "Sécurité humaine"),
    ("civil-preparedness", "Civil preparedness", "Préparation du secteur civil"),
    ("arms-control", "Arms control and disarmament", "Maîtrise des armements et désarmement"),
]

NAV_WORDS = [
    "About us",
    "What we do",
    "News and events",
    "Topics",
    "Operations and missions",
    "Partnerships",
    "Structures",
    "Official texts",
    "Multimedia",
    "Photos",
    "Videos",
    "Audio",
    "Publications",
    "Documents",
    "Library",
    "Archives",
    "Careers",
    "Contact us",
    "Press releases",
    "Speeches",
    "Events",
    "Summits",
    "Ministerial meetings",
    "Exercises",
    "Defence expenditure",
    "Deterrence",
    "Crisis management",
    "Cooperative security",
    "Member countries",
    "Partner countries",
    "International staff",
    "Military committee",
]


def date_en(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def date_fr(day: date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS_FR[day.month - 1]} {day.year}"


def date_long(day: date, lang: str) -> str:
    return date_fr(day) if lang == "fr" else date_en(day)


def date_padded(day: date, lang: str) -> str:
    """`05 May 2025` / `05 mai 2025`: the portal's display form."""
    months = MONTHS_FR if lang == "fr" else MONTHS_EN
    return f"{day.day:02d} {months[day.month - 1]} {day.year}"


def date_abbr(day: date) -> str:
    """`31 Mar. 2017`: the legacy cps form."""
    return f"{day.day:02d} {MONTHS_ABBR[day.month - 1]} {day.year}"


def day_span(first: date, last: date, lang: str, style: int = 0) -> str:
    """An event's days as a page states them: `12-13 June 2024`, `30 June - 2 July 2024`,
    `du 12 au 13 juin 2024`; one day as `12 June 2024`. `style` picks between forms."""
    months = MONTHS_FR if lang == "fr" else MONTHS_EN
    end = f"{last.day} {months[last.month - 1]} {last.year}"
    if first == last:
        return end
    if first.month != last.month:
        start = f"{first.day} {months[first.month - 1]}"
        return f"du {start} au {end}" if lang == "fr" else f"{start} - {end}"
    if lang == "fr" and style:
        return f"du {first.day} au {end}"
    return f"{first.day}-{end}" if not style else f"{first.day} – {end}"
