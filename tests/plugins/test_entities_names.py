"""Name normalisation and clustering of the entity tagger (pure functions, no project)."""

from __future__ import annotations

import pytest
from annotator_entities.clustering import KnownEntity, Mention, cluster_mentions, split_ambiguous
from annotator_entities.names import (
    entity_key,
    fold,
    gender_hint,
    is_acronym_of,
    is_variant,
    parse_name,
    same_person,
    skeleton,
    surname_similarity,
    translit,
)

# ------------------------------------------------------------------------------------------------ names


@pytest.mark.parametrize("surface, folded", [
    ("Lukashenko’s", "lukashenko"),
    ("Lukashenko's", "lukashenko"),
    ("François-Philippe Champagne", "francois-philippe champagne"),
    ("  Alyaksandr   Lukashenka ", "alyaksandr lukashenka"),
    ("Łukaszenka", "lukaszenka"),
    ("Лукашенко", "lukashenko"),
])
def test_fold_transliterates_and_drops_possessive(surface, folded):
    assert fold(surface) == folded


@pytest.mark.parametrize("a, b", [
    ("tsikhanouskaya", "tikhanovskaya"),  # ts/t, ou/ov
    ("sviatlana", "svetlana"),
    ("alyaksandr", "alexander"),
    ("aleksandr", "alexander"),
])
def test_translit_folds_known_variants(a, b):
    assert translit(a) == translit(b)


@pytest.mark.parametrize("a, b", [("lukashenko", "lukashenka"), ("lukashenko", "luksahenko"),
                                  ("tikhanovskaya", "tsikhanouskaya")])
def test_skeleton_equal_for_spellings_of_one_name(a, b):
    assert skeleton(a) == skeleton(b)


def test_parse_name_strips_titles_and_honorifics():
    assert parse_name("President Alexander Lukashenko") == parse_name("Alexander Lukashenko").__class__(
        "President Alexander Lukashenko", ("alexander",), "lukashenko")
    name = parse_name("Mr. Pompeo")
    assert name.surname == "pompeo" and not name.given and not name.full
    assert parse_name("Secretary of State Mike Pompeo").given == ("mike",)


@pytest.mark.parametrize("a, b", [
    ("Lukashenko", "Lukashenka"),
    ("Lukashenko", "Luksahenko"),  # the misspelling in the AP report
    ("Alexander Lukashenko", "Alyaksandr Lukashenka"),
    ("Svetlana Tikhanovskaya", "Sviatlana Tsikhanouskaya"),
    ("Tikhanovskaya", "Tsikhanouskaya"),
    ("President Alexander Lukashenko", "Lukashenko’s"),
])
def test_variants_of_one_person(a, b):
    assert is_variant(a, b)


@pytest.mark.parametrize("a, b", [
    ("Alexander Lukashenko", "Alexander Taraikovsky"),  # same given name, other surname
    ("Vladimir Putin", "Mike Pompeo"),
    ("Sergei Tikhanovsky", "Svetlana Tikhanovskaya"),  # husband and wife: the surname's gender differs
    ("Svetlana Lukashenko", "Alexander Lukashenko"),  # same surname, contradicting given names
    ("Lukashenko", "Lukashevich"),
])
def test_different_people_are_kept_apart(a, b):
    assert not is_variant(a, b)


def test_gender_hint_and_similarity_scores():
    assert gender_hint("tikhanovskaya") == "f"
    assert gender_hint("tikhanovsky") == "m"
    assert gender_hint("linde") is None and gender_hint("ivan") is None  # no Slavic ending, too short
    assert surname_similarity("lukashenko", "lukashenko") == 100
    assert surname_similarity("lukashenko", "luksahenko") >= 90
    assert surname_similarity("putin", "pompeo") < 50
    assert same_person(parse_name("A. Lukashenko"), parse_name("Alexander Lukashenko")) > 0
    assert same_person(parse_name("S. Lukashenko"), parse_name("Alexander Lukashenko")) == 0


def test_entity_key_resolves_aliases_and_case():
    assert entity_key("MINSK") == entity_key("Minsk")
    assert entity_key("U.S.") == entity_key("United States") == entity_key("US")
    assert entity_key("the Kremlin") == entity_key("Kremlin")
    assert entity_key("Russian Federation") == entity_key("Russia")
    assert entity_key("Defense Ministry") == entity_key("Defence Ministry")
    assert is_acronym_of("EU", "European Union")
    assert is_acronym_of("AFP", "Agence France-Presse")
    assert not is_acronym_of("EU", "Eastern Europe Union Council")


# ------------------------------------------------------------------------------------------------ clustering

SAMPLE = [
    Mention("ap1", "AP", "Alexander Lukashenko", "PERSON"),
    Mention("ap2", "AP", "Lukashenko", "PERSON"),
    Mention("ap3", "AP", "Luksahenko", "PERSON"),
    Mention("ap4", "AP", "Lukashenko’s", "PERSON"),
    Mention("ap5", "AP", "Sviatlana Tsikhanouskaya", "PERSON"),
    Mention("ap6", "AP", "Alexander Taraikovsky", "PERSON"),
    Mention("rfe1", "RFE", "Alyaksandr Lukashenka", "PERSON"),
    Mention("rfe2", "RFE", "Lukashenka", "PERSON"),
    Mention("rfe3", "RFE", "Lukashenka's", "PERSON"),
    Mention("mt1", "MT", "Alexander Lukashenko", "PERSON"),
    Mention("mt2", "MT", "Svetlana Tikhanovskaya", "PERSON"),
    Mention("mt3", "MT", "Tikhanovskaya", "PERSON"),
    Mention("mt4", "MT", "Taraikovsky", "PERSON"),
    Mention("mt5", "MT", "EU", "ORG"),
    Mention("mt6", "MT", "European Union", "ORG"),
    Mention("ap7", "AP", "MINSK", "GPE"),
    Mention("mt7", "MT", "Minsk", "GPE"),
]


def _groups(clusters):
    return {frozenset(m.ref for m in c.mentions) for c in clusters}


def test_clusters_of_the_sample_spellings():
    clusters = cluster_mentions(SAMPLE)
    assert _groups(clusters) == {
        frozenset({"ap1", "ap2", "ap3", "ap4", "rfe1", "rfe2", "rfe3", "mt1"}),
        frozenset({"ap5", "mt2", "mt3"}),
        frozenset({"ap6", "mt4"}),
        frozenset({"mt5", "mt6"}),
        frozenset({"ap7", "mt7"}),
    }
    by_name = {c.canonical_name: c for c in clusters}
    luka = by_name["Alexander Lukashenko"]
    assert set(luka.aliases) >= {"Lukashenko", "Luksahenko", "Alyaksandr Lukashenka", "Lukashenka"}
    assert "Svetlana Tikhanovskaya" in by_name  # the more frequent full spelling wins
    assert "European Union" in by_name and "Minsk" in by_name  # not the acronym, not the dateline capitals


def test_short_form_prefers_the_full_name_in_the_same_document():
    mentions = [
        Mention("a1", "A", "Sergei Ivanov", "PERSON"),
        Mention("a2", "A", "Ivanov", "PERSON"),
        Mention("b1", "B", "Viktor Ivanov", "PERSON"),
        Mention("b2", "B", "Ivanov", "PERSON"),
        Mention("c1", "C", "Ivanov", "PERSON"),  # no full name here, two candidates: given no entity at all
    ]
    groups = _groups(cluster_mentions(mentions))
    assert frozenset({"a1", "a2"}) in groups
    assert frozenset({"b1", "b2"}) in groups
    assert not any("c1" in g for g in groups)


def test_registry_entities_anchor_clusters():
    known = [KnownEntity("E1", "Alexander Lukashenko", "PERSON", ("Lukashenka",))]
    mentions = [Mention("x", "D", "Luksahenko", "PERSON"), Mention("y", "D", "Vladimir Putin", "PERSON"),
                Mention("z", "E", "Alexander Lukashenko", "PERSON", entity_id="E1")]
    clusters = cluster_mentions(mentions, known)
    luka = next(c for c in clusters if c.entity_id == "E1")
    assert {m.ref for m in luka.unassigned} == {"x"}
    assert luka.canonical_name == "Alexander Lukashenko"
    putin = next(c for c in clusters if c.canonical_name == "Vladimir Putin")
    assert putin.entity_id is None


def test_two_entities_with_one_surname_stay_apart_and_ambiguous_mentions_are_left():
    known = {"E1": KnownEntity("E1", "Alexander Taraikovsky", "PERSON"),
             "E2": KnownEntity("E2", "Taraikovsky senior", "PERSON")}
    mentions = [Mention("a", "A", "Alexander Taraikovsky", "PERSON", "E1"),
                Mention("b", "B", "Taraikovsky", "PERSON", "E2"),
                Mention("c", "C", "Taraikovsky", "PERSON"),
                Mention("d", "C", "Alexander Taraikovsky", "PERSON")]
    clusters = cluster_mentions(mentions, known.values())
    assert not any({"a", "b"} <= {m.ref for m in c.mentions} and c.entity_id for c in clusters)
    for c in clusters:
        if c.score == 0.0:
            assigned = split_ambiguous(c, known)
            assert all(len(v) >= 1 for v in assigned.values())


def test_labels_are_clustered_separately_and_filtered():
    mentions = [Mention("1", "A", "Georgia", "GPE"), Mention("2", "A", "Georgia", "PERSON")]
    assert len(cluster_mentions(mentions)) == 2
    assert [c.label for c in cluster_mentions(mentions, labels=["GPE"])] == ["GPE"]


def test_clustering_cost_grows_with_spellings_not_mentions():
    import time

    mentions = [Mention(f"m{i}", f"D{i % 500}", name, "PERSON")
                for i, name in enumerate(["Alexander Lukashenko", "Lukashenko", "Vladimir Putin", "Putin",
                                          "Svetlana Tikhanovskaya", "Tikhanovskaya"] * 2000)]
    t = time.perf_counter()
    clusters = cluster_mentions(mentions)
    elapsed = time.perf_counter() - t
    assert len(clusters) == 3
    assert elapsed < 10  # generous: quadratic work over 12,000 mentions would take minutes
