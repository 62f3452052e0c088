"""The paragraph alignment (serve/align.py) is a pure function: a table of small cases, each
paragraph list and the beads it must give."""

import pytest

from natocrawl.serve.align import Bead, align

EN = [
    "The Secretary General met the Prime Minister of Norway in Oslo on 12 May 2024.",
    "They discussed support to Ukraine and the NATO Summit in Washington.",
    "Allies agreed to raise defence spending to 2 percent of GDP by 2025, the Secretary General said.",
    "He thanked Norway for its leadership in the High North.",
]
FR = [
    "Le secrétaire général a rencontré le premier ministre de la Norvège à Oslo le 12 mai 2024.",
    "Ils ont évoqué le soutien à l'Ukraine et le sommet de l'OTAN à Washington.",
    "Les Alliés sont convenus de porter leurs dépenses de défense à 2 % du PIB d'ici à 2025, "
    "a dit le secrétaire général.",
    "Il a remercié la Norvège pour son rôle moteur dans le Grand Nord.",
]
NOTE = "Note de la rédaction : cet article a été mis à jour le 14 mai 2024 pour préciser un chiffre."


CASES = {
    "one-to-one": (EN, FR, [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3])]),
    "two-merged": (EN, [FR[0], f"{FR[1]} {FR[2]}", FR[3]], [([0], [0]), ([1, 2], [1]), ([3], [2])]),
    "two-split": ([EN[0], f"{EN[1]} {EN[2]}", EN[3]], FR, [([0], [0]), ([1], [1, 2]), ([2], [3])]),
    "added-fr": (EN, [*FR[:2], NOTE, *FR[2:]], [([0], [0]), ([1], [1]), ([], [2]), ([2], [3]), ([3], [4])]),
    "last-missing": (EN, FR[:3], [([0], [0]), ([1], [1]), ([2], [2]), ([3], [])]),
    "nothing-opposite": (EN[:1], [], [([0], [])]),
    "both-empty": ([], [], []),
}


@pytest.mark.parametrize(("source", "target", "expected"), CASES.values(), ids=CASES.keys())
def test_align(source, target, expected):
    assert align(source, target) == [Bead(tuple(left), tuple(right)) for left, right in expected]


def test_every_paragraph_is_in_exactly_one_bead_in_order():
    got = align(EN * 3, [*FR, NOTE, *FR, *FR[1:]])
    assert [i for bead in got for i in bead.left] == list(range(12))
    assert [j for bead in got for j in bead.right] == list(range(12))
