"""Claims as measurements: what each figure measures, so the linker compares like with like.

One test per failure kind seen on real multi-outlet reports (issue 16), each with a small sentence pair written
for the test: unlike things that must not be compared (deaths vs injuries, a place vs a wider area, a background
event, distances from different places, two denials), like things that must be (a bare magnitude, quake and
earthquake, countries, seconds vs a minute, numbers in words, houses vs buildings, directions, areas), clock
times that are not counts, a landslide of earth, and what the reason says was measured."""

from __future__ import annotations

import datetime as dt

PUBLISHED = "2013-09-25"


def analyse(text, published=PUBLISHED):
    from annotator_contradictions.features import analyse as _analyse

    return _analyse(text, published)


def compare(a, b, sim=0.4, published=PUBLISHED):
    from annotator_contradictions.compare import compare as _compare

    return _compare(analyse(a, published), analyse(b, published), sim)


def numbers(a, b, sim=0.4):
    return [f for f in compare(a, b, sim) if f.kind == "number"]


def measures(text):
    f = analyse(text)
    return [(q.surface, m) for q, m in zip(f.quantities, f.measures)]


# ------------------------------------------------------------------------------------ unlike things compared


def test_deaths_are_not_compared_with_injuries():
    assert numbers("At least 12 people were killed when the quake struck the valley.",
                   "At least 40 people were injured when the quake struck the valley.") == []
    (f,) = numbers("At least 12 people were killed when the quake struck the valley.",
                   "Nine people were killed when the quake struck the valley.")
    assert f.reason.startswith("deaths: At least 12 vs Nine") and f.label == "contradicts"


def test_a_count_for_a_wider_area_is_not_a_count_for_one_place():
    assert numbers("Officials said 45 people died in the province.",
                   "Officials said 300 people died across Asia.") == []
    (_, m), = measures("Officials said 300 people died across Asia.")
    assert m.where == "wider area"


def test_a_background_event_is_not_this_event():
    # an earlier quake of the same region, by its year or as last year's
    assert numbers("The 2004 quake killed 200 people in the region.",
                   "The quake killed 12 people in the region.") == []
    assert numbers("Last year's quake killed 200 people in the region, officials said.",
                   "The quake killed 12 people in the region, officials said.") == []
    # a running total is not the figure of one operation
    assert numbers("So far the navy has seized 923 rounds of ammunition from pirates.",
                   "The navy seized 300 rounds of ammunition from the pirates.") == []
    # the background year only covers its own clause: the figure after it is still this event's
    f = analyse("Lukashenko, in power since 1994, won 80 percent of the vote.")
    assert f.measures[0].scope == ""


def test_distances_from_different_places_are_not_compared():
    assert numbers("The epicentre was 30 kilometres north of Ridgecrest, officials said.",
                   "The epicentre was 50 kilometres south of Bakersfield, officials said.") == []
    (f,) = numbers("The epicentre was 30 kilometres from Ridgecrest, officials said.",
                   "The epicentre was 50 kilometres from Ridgecrest, officials said.")
    assert f.reason.startswith("distance from Ridgecrest: 30 vs 50")


def test_two_reports_of_no_damage_agree():
    assert compare("There were no reports of damage, police said.", "Police said there were no reports of damage.",
                   sim=0.9) == []


def test_breakdowns_and_further_groups_are_not_totals():
    assert numbers("Police said two women and one man died in the fire.",
                   "Three people died in the fire, police said.") == []
    assert numbers("Firefighters rescued five other bank workers from the balcony.",
                   "Three bank workers died in the fire.") == []


def test_numbers_that_name_things_are_not_counts():
    (_, m), (_, m47) = measures("Commandos seized seven AK-47 rifles from the boat.")
    assert m.what == "ak-47" and m47.identifier
    assert all(m.identifier for s, m in measures("A neighbour called 911 when he smelled gas.") if s == "911")


# ----------------------------------------------------------------------------------------- like things missed


def test_a_bare_magnitude_is_a_magnitude():
    (f,) = numbers("A magnitude 6.1 earthquake struck the coast on Tuesday.",
                   "The 5.8 quake struck the coast on Tuesday.")
    assert f.reason.startswith("magnitude: 6.1 vs 5.8")


def test_quake_and_earthquake_are_one_word():
    from annotator_contradictions.words import lemma

    assert lemma("quake") == lemma("earthquake") == lemma("tremor")


def test_counts_of_countries():
    (f,) = numbers("The quake was felt in three countries, officials said.",
                   "The quake was felt in four countries, officials said.")
    assert f.reason.startswith("count of country: three vs four")


def test_durations_in_different_units():
    (f,) = numbers("The shaking lasted 40 seconds, residents said.",
                   "The shaking lasted about a minute, residents said.")
    assert f.label == "contradicts" and "(=40 s)" in f.compared and "54–66 s" in f.compared
    assert numbers("The shaking lasted 60 seconds, residents said.",
                   "The shaking lasted a minute, residents said.") == []


def test_numbers_in_words_with_units():
    (f,) = numbers("The epicentre was one mile from the coast, officials said.",
                   "The epicentre was two miles from the coast, officials said.")
    assert f.reason.startswith("distance from the coast: one mile vs two")


def test_sizes_convert_between_units():
    (f,) = numbers("The larger boat, a 10-metre dhow, was named the Salahaddin.",
                   "The larger boat was described as a 24- to 30-foot dhow.", sim=0.5)
    assert f.reason.startswith("size: 10 vs 30") and "7.32–9.14 m" in f.compared


def test_houses_and_buildings_are_counted_alike():
    (f,) = numbers("The quake destroyed 30 houses in the village.",
                   "The earthquake destroyed 45 buildings in the village.")
    assert f.reason.startswith("count of building: 30 vs 45")


def test_reinforcements_in_other_words():
    (f,) = numbers("When they arrived they called in an additional six engines and a command vehicle.",
                   "Crews attended the scene and then called a further four appliances to help.", sim=0.2)
    assert f.reason.startswith("count of fire engine: six vs four")


def test_directions_relative_to_a_named_place():
    (f,) = [f for f in compare("The epicentre was 10 miles west of Napa, the survey said.",
                               "The epicentre was 10 miles south of Napa, the survey said.") if f.kind == "place"]
    assert f.facet == "place" and f.reason == "west of Napa vs south of Napa" and "relative to Napa" in f.compared


def test_one_county_against_another():
    (f,) = compare("The worst damage was in Sonoma County, officials said.",
                   "The worst damage was in Marin County, officials said.")
    assert f.facet == "place" and f.reason == "Sonoma County vs Marin County"


def test_clock_times_with_a_time_zone_are_times_not_counts():
    (s, m), = measures("The fire broke out on the roof at about 2045 GMT on Friday.")
    assert s == "about 2045" and m.dimension == "time of day" and m.unit_text == "GMT"
    assert (m.low, m.high) == (1235, 1255)  # minutes after midnight: about = ten minutes either side
    (f,) = numbers("The blaze broke out on the roof at about 8.40pm on Friday.",
                   "The blaze broke out on the roof at 8.49pm on Friday.")
    assert f.label == "differs-in-detail" and f.reason.startswith("time of day: about 8.40pm vs 8.49pm")
    # times of two different happenings are not compared
    assert numbers("Police were alerted to the fire at 8.49pm on Friday.",
                   "The roads were reopened at 4.30pm on Saturday.") == []


def test_a_landslide_caused_by_the_quake_is_not_a_vote():
    assert [m for _, m in measures("A landslide caused by the quake buried three houses.")
            if m.dimension == "percent"] == []
    assert [m.dimension for _, m in measures("He won the election by a landslide.")] == ["percent"]


def test_causes_of_death_in_other_words():
    (f,) = [f for f in compare("Three people suffocated in the bank, firefighters said.",
                               "Three bank employees were burnt to death, the channel reported.", sim=0.4)
            if f.kind == "cause"]
    assert f.reason == "suffocated vs burnt to death"
    # an attempt is not a cause of death
    assert [f for f in compare("He had been sectioned after an apparent suicide attempt.",
                               "The two women had been beaten to death.", sim=0.4) if f.kind == "cause"] == []


def test_a_denial_of_a_charge_does_not_contradict_the_charge():
    assert [f for f in compare("A man has denied arson following a fire at the supermarket.",
                               "A man has been charged with arson following a fire at the supermarket.", sim=0.6)
            if f.kind == "negation"] == []


def test_dates_without_a_year_compare_by_day_and_month():
    (f,) = [f for f in compare("On November 19, the frigate sunk a trawler used by pirates.",
                               "On November 18, the frigate sunk a trawler used by pirates.", published=None)
            if f.kind == "date"]
    assert f.reason.startswith("19 Nov vs 18 Nov") and "no year known" in f.compared


def test_both_saying_the_same_weekday_is_no_difference():
    # resolved against two publication dates a week apart, "on Saturday" gives two days; the texts agree
    from annotator_contradictions.compare import compare as _compare

    a = analyse("The bodies were found at the house on Saturday.", "2013-06-10")
    b = analyse("The bodies were found at the house on Saturday.", "2013-06-18")
    assert a.dates[0].value == dt.date(2013, 6, 8) and b.dates[0].value == dt.date(2013, 6, 15)
    assert _compare(a, b, 0.9) == []


def test_the_reason_says_what_was_measured_and_compared():
    (f,) = numbers("Police said 12 people were injured in the riots.",
                   "Police said 18 people had been injured in the violence.")
    assert f.reason.startswith("injured: 12 vs 18")
    assert f.compared.startswith("injured in both reports: 12 (=12) vs 18 (=18)") and "do not overlap" in f.compared
