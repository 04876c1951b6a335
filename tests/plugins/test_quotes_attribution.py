"""Speaker attribution and kinds, one news-writing pattern at a time (annotator_quotes.detect / attribution),
with and without entity-layer mentions."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from annotator_quotes.detect import describe_span, detect_quotes
from annotator_quotes.names import find_mentions, layer_mentions


def only(text: str, **kw):
    quotes = detect_quotes(text, **kw)
    assert len(quotes) == 1, quotes
    return quotes[0]


def by_text(text: str, **kw):
    return {q.text: q for q in detect_quotes(text, **kw)}


@pytest.mark.parametrize("text, speaker, cue", [
    ("“We will win,” said Maria Lopez.", "Maria Lopez", "said"),
    ("“We will win,” Maria Lopez said.", "Maria Lopez", "said"),
    ("“We will win,” Maria Lopez added on Sunday.", "Maria Lopez", "added"),
    ("“We will win,” Lopez told reporters. Maria Lopez is the mayor.", "Maria Lopez", "told"),
    ("“We will win,” Maria Lopez said in a tweet.", "Maria Lopez", "said in a tweet"),
])
def test_after_the_quote(text, speaker, cue):
    q = only(text)
    assert (q.speaker, q.cue["text"], q.kind) == (speaker, cue, "direct")
    assert text[q.cue["start"]:q.cue["end"]] == cue


def test_before_the_quote_with_a_comma():
    q = only("But Maria Lopez said, “When it comes to the bridge, we have a plan” in the budget.")
    assert (q.speaker, q.cue["text"], q.kind) == ("Maria Lopez", "said", "direct")


def test_colon_introduction():
    q = only("Later, in a meeting with officials, Alexander Lukashenko declared: “Listen — we have a normal country.”")
    assert (q.speaker, q.cue["text"], q.kind) == ("Alexander Lukashenko", "declared", "direct")


def test_told_someone_then_the_quote():
    q = only("Union leader Tom Baker told Reuters: “The manager walked out.”")
    assert (q.speaker, q.cue["text"]) == ("Tom Baker", "told")


def test_according_to():
    q = only("Police had “no choice”, according to Interior Minister Ivan Kubrakov, who spoke on Sunday.")
    assert q.speaker == "Ivan Kubrakov" and q.cue["text"] == "according to"


def test_apposition_after_said():
    q = only("“It’s obvious,” said Alexei Linich, a 27-year-old programmer.")
    assert q.speaker == "Alexei Linich"


def test_role_then_name_in_apposition():
    q = only('"Like everyone we are demanding free elections," said one employee, Andrei Yaroshevich.')
    assert q.speaker == "Andrei Yaroshevich"


def test_description_before_the_name():
    q = only('"I will leave," said 30-year-old demonstrator Artem Kushner.')
    assert q.speaker == "Artem Kushner"


def test_apposition_between_quote_and_verb():
    q = only("“This is a dangerous escalation,” Jens Hoffmann, a security analyst at the institute, said.")
    assert q.speaker == "Jens Hoffmann"


def test_title_is_stripped_from_the_name():
    q = only("U.S. Secretary of State Mike Pompeo on Saturday urged Lukashenko to “engage with civil society”.")
    assert (q.speaker, q.cue["text"], q.kind) == ("Mike Pompeo", "urged", "partial")


def test_pronoun_resolves_to_the_subject_of_an_earlier_sentence_not_an_object():
    text = ("Earlier, Alyaksandr Lukashenka said he wanted to speak to Vladimir Putin.\n\n"
            "'There is a need to contact Putin,' he said, according to BelTA.")
    q = only(text)
    assert q.speaker == "Alyaksandr Lukashenka"
    assert q.cue["text"] == "said" and "he" in q.reason


def test_pronoun_gender_is_respected():
    text = ("Svetlana Tikhanovskaya met Mike Pompeo on Monday. Later Pompeo left.\n\n"
            "“We will not stop,” she said.")
    assert only(text).speaker == "Svetlana Tikhanovskaya"


def test_pronoun_skips_names_inside_quotes():
    text = ("Mike Pompeo spoke in Warsaw.\n\n“We met Sviatlana Tsikhanouskaya,” he said.\n\n"
            "“She is brave,” he added.")
    assert [q.speaker for q in detect_quotes(text)] == ["Mike Pompeo", "Mike Pompeo"]


def test_unresolvable_pronoun_leaves_the_speaker_empty_and_says_so():
    q = only("“We lost,” he said.")
    assert q.speaker == ""
    assert "could not be resolved" in q.reason


def test_misspelt_surname_is_the_same_person():
    text = ("President Alexander Lukashenko spoke on Saturday.\n\nLuksahenko did not say more. "
            "But he said, “We have an agreement.”")
    assert only(text).speaker == "Alexander Lukashenko"


def test_organisation_as_speaker():
    assert only("“It is important,” the Kremlin said.").speaker == "Kremlin"
    q = only("'The presidents discussed the situation,' state news agency BelTA reported, citing officials.")
    assert (q.speaker, q.cue["text"]) == ("BelTA", "reported")


def test_group_as_speaker():
    q = only("Demonstrators heaped flowers and the crowd chanted “Thank you!” and raised victory signs.")
    assert (q.speaker, q.cue["text"], q.kind) == ("crowd", "chanted", "direct")


def test_compound_role_as_speaker():
    assert only('"We found nothing illegal," a police spokesman said on Tuesday.').speaker == "police spokesman"


def test_quote_continuing_the_previous_speaker():
    text = ("“Our objective is to support the people,” Mike Pompeo said.\n\n"
            "“We urged the leadership to engage with civil society.”")
    first, second = detect_quotes(text)
    assert second.speaker == "Mike Pompeo" and "continues" in second.reason
    assert second.kind == "direct"


def test_continuation_in_the_same_paragraph():
    text = "'Defending Belarus is defending our space,' Lukashenka added. 'This wave will roll there.'"
    assert [q.speaker for q in detect_quotes(text)] == ["Lukashenka", "Lukashenka"]


def test_no_continuation_after_a_sentence_of_narration():
    text = "“We won,” Mike Pompeo said. The talks ended at noon.\n\n“Nothing was agreed.”"
    assert detect_quotes(text)[1].speaker == ""


def test_multi_paragraph_quote_shares_the_speaker_and_marks_continuation():
    text = ("“We have rebuilt the bridge,” said Maria Lopez, the mayor.\n\n“Nobody believed we could do it.\n\n"
            "“Now the shops are open again,” she added.")
    quotes = detect_quotes(text)
    assert [q.speaker for q in quotes] == ["Maria Lopez"] * 3
    assert [q.continues for q in quotes] == [False, False, True]
    assert quotes[2].attributes()["continues"] is True


def test_nested_quote_has_no_speaker_of_its_own():
    outer, inner = detect_quotes("Tom Baker told Reuters: “The manager said ‘there is no money left’ and left.”")
    assert outer.speaker == "Tom Baker"
    assert inner.speaker == "" and "inside the quotation of Tom Baker" in inner.reason


def test_missing_closing_mark_before_the_attribution():
    q = only("The mayor, Peter Novak, visited on Sunday. “We will rebuild every house, he told residents.")
    assert q.text == "We will rebuild every house,"
    assert q.speaker == "Peter Novak"


def test_heading_takes_the_speaker_of_the_quote_it_repeats():
    text = ("– ‘I’m really afraid’ –\n\n“If Russia intervenes, that would be the worst. I’m really afraid of this,” "
            "said Olga Nesteruk, a landscape designer.")
    heading, quote = detect_quotes(text)
    assert (heading.kind, heading.speaker) == ("partial", "Olga Nesteruk")
    assert quote.speaker == "Olga Nesteruk"


def test_heading_without_a_repeated_quote_has_no_speaker():
    q = only("'Will not give up the country'\n\nU.S. officials urged restraint.")
    assert (q.kind, q.speaker) == ("partial", "")
    assert "does not say who said it" in q.reason


@pytest.mark.parametrize("text, quoted", [
    ("Lukashenko dismissed the demonstrators as foreign-controlled “sheep”.", "sheep"),
    ("Russia and Belarus have formed a “union state” linking their economies.", "union state"),
    ("The opposition is planning a “March for Freedom” through the streets of Minsk.", "March for Freedom"),
    ("While Putin did congratulate Lukashenka on his 'victory' at the polls, he set conditions.", "victory"),
])
def test_scare_quotes_have_no_speaker(text, quoted):
    q = only(text)
    assert (q.text, q.kind, q.speaker, q.cue) == (quoted, "scare", "", None)


def test_partial_quote_inside_reported_speech():
    text = "Sweden’s Foreign Minister Ann Linde said in a tweet that these would punish “those responsible”."
    q = only(text)
    assert (q.kind, q.speaker, q.cue["text"]) == ("partial", "Ann Linde", "said in a tweet")


def test_partial_quote_speaker_is_the_subject_not_a_nearer_object():
    text = ("Facing the biggest challenge, Alexander Lukashenko called in Moscow’s help and spoke with Vladimir "
            "Putin, after warning there was “a threat not only to Belarus”.")
    assert only(text).speaker == "Alexander Lukashenko"


def test_speaker_entity_id_from_entity_layer_mentions():
    text = "“We will win,” said Lukashenka."

    @dataclass
    class Ann:
        start: int
        end: int
        label: str
        attributes: dict = field(default_factory=dict)
        status: str = "accepted"

    start = text.index("Lukashenka")
    mentions = layer_mentions([Ann(start, start + 10, "PERSON", {"entity_id": "E1",
                                                                 "canonical_name": "Alexander Lukashenko"})])
    q = only(text, entity_mentions=mentions)
    assert (q.speaker, q.speaker_entity_id) == ("Lukashenka", "E1")  # as written; the entity gives the canonical
    # a rejected mention is not used
    rejected = layer_mentions([Ann(start, start + 10, "PERSON", {"entity_id": "E1"}, "rejected")])
    assert rejected == []


def test_entity_layer_dates_and_nationalities_are_not_speakers():
    text = "Canadian Foreign Minister Ann Smith on Saturday urged them to “stay calm and carry on”."

    @dataclass
    class Ann:
        start: int
        end: int
        label: str
        attributes: dict = field(default_factory=dict)
        status: str = "accepted"

    def at(word, label):
        i = text.index(word)
        return Ann(i, i + len(word), label)

    mentions = layer_mentions([at("Canadian", "NORP"), at("Ann Smith", "PERSON"), at("Saturday", "DATE")])
    assert [m.kind for m in mentions] == ["group", "person"]  # a date never speaks
    assert only(text, entity_mentions=mentions).speaker == "Ann Smith"


def test_speaker_entity_id_from_the_registry_by_name():
    q = only("“We will win,” said Maria Lopez.", registry=[("E7", ["Maria Lopez", "Mayor Lopez"]), ("E8", ["Tom"])])
    assert q.speaker_entity_id == "E7"


def test_pronoun_carries_the_entity_of_its_antecedent():
    text = "Maria Lopez spoke first.\n\n“We will win,” she said."

    @dataclass
    class Ann:
        start: int
        end: int
        label: str = "PERSON"
        attributes: dict = field(default_factory=lambda: {"entity_id": "E3", "canonical_name": "Maria Lopez"})
        status: str = "suggested"

    q = only(text, entity_mentions=layer_mentions([Ann(0, 11)]))
    assert (q.speaker, q.speaker_entity_id) == ("Maria Lopez", "E3")


def test_mentions_tell_people_from_places_and_organisations():
    text = ("Belarus President Alexander Lukashenko met the Coordination Council in Minsk. "
            "Lukashenko later spoke to the Associated Press.")
    kinds = {m.text: m.kind for m in find_mentions(text)}
    assert kinds["Alexander Lukashenko"] == "person"
    assert kinds["Lukashenko"] == "person"
    assert kinds["Coordination Council"] == "org" and kinds["Associated Press"] == "org"
    assert kinds["Minsk"] == "other"


def test_describe_span_marks_indirect_speech_with_its_speaker():
    text = "Maria Lopez said on Saturday that the bridge would reopen soon."
    start = text.index("the bridge")
    q = describe_span(text, start, len(text) - 1)
    assert (q.kind, q.speaker, q.cue["text"]) == ("indirect", "Maria Lopez", "said")


def test_describe_span_of_a_quoted_stretch_is_not_indirect():
    text = "“We will win,” said Maria Lopez."
    q = describe_span(text, 1, 13)
    assert (q.kind, q.speaker) == ("direct", "Maria Lopez")
