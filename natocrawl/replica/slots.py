"""The cast of one story (who, where, what) and its slot values in each language.

Everything random is drawn here, before any language is chosen, so that the English and
French bodies of a story are translations of each other sentence by sentence.
"""

from dataclasses import dataclass
from datetime import date
from random import Random

from natocrawl.replica import vocab
from natocrawl.replica.vocab import NBSP


@dataclass(frozen=True)
class Cast:
    day: date
    sg: tuple[str, str]
    official: tuple[str, str]
    role: int
    country: int
    topic: int
    topic2: int
    place: int
    exercise: str
    outlet: str
    percent: float
    count: int
    date_form: int


def draw_cast(rng: Random, day: date) -> Cast:
    # The Secretary General changes every five years, as on the real portal.
    sg = vocab.SECRETARIES_GENERAL[((day.year - 2005) // 5) % len(vocab.SECRETARIES_GENERAL)]
    topic, topic2 = rng.sample(range(len(vocab.TOPICS)), 2)
    return Cast(
        day=day,
        sg=sg,
        official=rng.choice(vocab.OFFICIALS),
        role=rng.randrange(len(vocab.ROLES)),
        country=rng.randrange(len(vocab.COUNTRIES)),
        topic=topic,
        topic2=topic2,
        place=rng.randrange(len(vocab.PLACES)),
        exercise=rng.choice(vocab.EXERCISES),
        outlet=rng.choice(vocab.OUTLETS),
        percent=round(rng.uniform(1.2, 4.8), 1),
        count=rng.randint(3, 48),
        date_form=rng.randrange(4),
    )


def _surname(name: str) -> str:
    parts = name.split()
    return " ".join(parts[1:]) if len(parts) > 1 else name


# French "de" / "à" before an article contract: du, des, au, aux (de la, de l’, à la stay).
_FR_DE = {"le ": "du ", "les ": "des "}
_FR_A = {"le ": "au ", "les ": "aux "}


def _fr_join(phrase: str, contractions: dict[str, str], preposition: str) -> str:
    for article, contracted in contractions.items():
        if phrase.startswith(article):
            return contracted + phrase[len(article) :]
    return preposition + phrase


# The lead's date forms, as the portal writes them (some without the year).
_DATE_FORMS = {
    "en": ("On {weekday} ({date}), ", "On {weekday} ({no_year}), ", "On {date}, ", "On {weekday}, {date}, "),
    "fr": ("Ce {weekday} ({date}), ", "Le {weekday} {no_year}, ", "Le {date}, ", "{Weekday} {date}, "),
}


def date_phrase(cast: Cast, lang: str) -> str:
    """The lead's date, in one of the forms the portal uses (some without the year)."""
    day = cast.day
    weekdays, date_text = (
        (vocab.WEEKDAYS_FR, vocab.date_fr) if lang == "fr" else (vocab.WEEKDAYS_EN, vocab.date_en)
    )
    weekday, full = weekdays[day.weekday()], date_text(day)
    form = _DATE_FORMS["fr" if lang == "fr" else "en"][cast.date_form]
    return form.format(
        weekday=weekday, Weekday=weekday.capitalize(), date=full, no_year=full.rsplit(" ", 1)[0]
    )


def slots_en(cast: Cast) -> dict[str, str]:
    country, _, _, _, adjective = vocab.COUNTRIES[cast.country]
    role = vocab.ROLES[cast.role][0]
    oname, sg_name = cast.official[0], cast.sg[0]
    return {
        "sg": f"NATO Secretary General {sg_name}",
        "sg_name": sg_name,
        "Sg_short": "The Secretary General",
        "sg_short": "the Secretary General",
        "sg_surname": f"{'Ms' if cast.sg[1] == 'f' else 'Mr'} {_surname(sg_name)}",
        "leader": f"{role} {oname} of {country}",
        "role": role,
        "oname": oname,
        "leader_surname": f"{'Ms' if cast.official[1] == 'f' else 'Mr'} {_surname(oname)}",
        "country": country,
        "adjective": adjective,
        "topic": vocab.TOPICS[cast.topic][0],
        "topic2": vocab.TOPICS[cast.topic2][0],
        "place": vocab.PLACES[cast.place][0],
        "exercise": cast.exercise,
        "outlet": cast.outlet,
        "pct": f"{cast.percent}%",
        "count": str(cast.count),
        "year": str(cast.day.year),
        "date": vocab.date_en(cast.day),
        "date_phrase": date_phrase(cast, "en"),
        "lq": "\u201c",
        "rq": "\u201d",
        "his": "her" if cast.sg[1] == "f" else "his",
    }


def slots_fr(cast: Cast) -> dict[str, str]:
    _, country, de_country, a_country, _ = vocab.COUNTRIES[cast.country]
    _, role_m, role_f = vocab.ROLES[cast.role]
    oname, sg_name = cast.official[0], cast.sg[0]
    female_sg, female_o = cast.sg[1] == "f", cast.official[1] == "f"
    sg_short = "la secrétaire générale" if female_sg else "le secrétaire général"
    role = role_f if female_o else role_m
    topic, topic2 = vocab.TOPICS[cast.topic][1], vocab.TOPICS[cast.topic2][1]
    return {
        "sg": f"{sg_short} de l’OTAN, {sg_name},",
        "sg_name": sg_name,
        "sg_short": sg_short,
        "Sg_short": sg_short.capitalize(),
        "du_sg": "de la secrétaire générale" if female_sg else "du secrétaire général",
        "sg_surname": f"{'Mme' if female_sg else 'M.'} {_surname(sg_name)}",
        "e": "e" if female_sg else "",
        "oe": "e" if female_o else "",
        "leader": f"{'la' if female_o else 'le'} {role} {de_country}, {oname}",
        "role": role,
        "oname": oname,
        "du_role": f"{'de la' if female_o else 'du'} {role}",
        "leader_surname": f"{'Mme' if female_o else 'M.'} {_surname(oname)}",
        "country": country,
        "Country": country[0].upper() + country[1:],
        "de_country": de_country,
        "a_country": a_country,
        "topic": topic,
        "de_topic": _fr_join(topic, _FR_DE, "de "),
        "a_topic": _fr_join(topic, _FR_A, "à "),
        "topic2": topic2,
        "de_topic2": _fr_join(topic2, _FR_DE, "de "),
        "a_topic2": _fr_join(topic2, _FR_A, "à "),
        "place": vocab.PLACES[cast.place][1],
        "exercise": cast.exercise,
        "outlet": cast.outlet,
        "count": str(cast.count),
        # French typography: decimal comma, NBSP before % and inside guillemets.
        "pct": f"{str(cast.percent).replace('.', ',')}{NBSP}%",
        "year": str(cast.day.year),
        "date": vocab.date_fr(cast.day),
        "date_phrase": date_phrase(cast, "fr"),
        "lq": f"«{NBSP}",
        "rq": f"{NBSP}»",
    }


def slots_for(cast: Cast, lang: str) -> dict[str, str]:
    return slots_fr(cast) if lang == "fr" else slots_en(cast)
