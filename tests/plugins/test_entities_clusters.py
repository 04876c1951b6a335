"""One entity per person across articles, never two people in one: the cases the development corpus showed
(short sentences quoted from its articles, ``../shared/dev-corpus/ecbplus``, development topics only)."""

from __future__ import annotations

from annotator_entities.clustering import Mention, cluster_mentions
from annotator_entities.rules import Found, is_demonym
from annotator_entities.spacy_backend import refine


def _mentions(doc: str, text: str, names: list[str], prefix: str) -> list[Mention]:
    """A PERSON mention for each occurrence of each name in ``text`` (in order, with its offset)."""
    out = []
    for name in names:
        pos = 0
        while (i := text.find(name, pos)) >= 0:
            # a shorter name inside a longer one ("Felt" in "Joan Felt") is not its own mention
            inside = any(text.find(o, max(0, i - len(o))) in range(i - len(o) + 1, i + 1) and o != name
                         and name in o for o in names)
            if not inside:
                out.append(Mention(f"{prefix}{i}", doc, name, "PERSON", start=i))
            pos = i + len(name)
    return out


def _entity_of(clusters) -> dict[str, int]:
    return {m.ref: k for k, c in enumerate(clusters) for m in c.mentions}


# 33_3ecbplus: the lone surname comes before the brother is named
LOPEZ = ("Prosecutors say Andrew Lopez, 20, an alleged 8 Block gang member fired the shots. "
         "Lopez told police that he did not mean to shoot the ladies. "
         "Also arrested were Lopez' half-brother, 17-year-old Kristian, and Carrasquillo. "
         "Kristian Lopez was arrested for possession of a baseball bat, police said.")


def test_a_lone_surname_before_a_relative_is_named_is_the_person_named_before_it():
    ms = _mentions("D1", LOPEZ, ["Andrew Lopez", "Kristian Lopez", "Lopez"], "d")
    other = [Mention("e0", "D2", "Andrew Lopez", "PERSON", start=0), Mention("e1", "D2", "Lopez", "PERSON", start=40)]
    ent = _entity_of(cluster_mentions(ms + other))
    andrew = ent[f"d{LOPEZ.index('Andrew Lopez')}"]
    kristian = ent[f"d{LOPEZ.index('Kristian Lopez')}"]
    assert andrew != kristian
    lone = [m.ref for m in ms if m.text == "Lopez"]
    assert lone and all(ent.get(r) == andrew for r in lone)
    assert ent["e1"] == andrew


def test_a_lone_surname_of_two_people_named_before_it_goes_to_the_main_one_only_when_clearly_main():
    # 28_3ecb: "Felt is survived by two children, Joan Felt and Mark Felt Jr., and four grandchildren."
    text = ("W. Mark Felt, the FBI official, died. Felt is survived by two children, Joan Felt and "
            "Mark Felt Jr., and four grandchildren. Felt kept the secret for 30 years.")
    names = ["W. Mark Felt", "Joan Felt", "Mark Felt Jr.", "Felt"]
    ms = _mentions("A", text, names, "a")
    # the article's subject is named in full in three other articles, the daughter nowhere else
    others = [Mention(f"o{k}", f"O{k}", "Mark Felt", "PERSON", start=0) for k in range(3)]
    ent = _entity_of(cluster_mentions(ms + others))
    lone = [m.ref for m in ms if m.text == "Felt"]
    mark = ent[f"a{text.index('W. Mark Felt')}"]
    assert all(ent.get(r) == mark for r in lone)
    assert ent[f"a{text.index('Joan Felt')}"] != mark
    assert ent[f"a{text.index('Mark Felt Jr.')}"] != mark  # the son is not the father
    # without the corpus evidence (two people each named once), the surname after both stays unassigned
    ent = _entity_of(cluster_mentions(ms))
    last = f"a{text.rindex('Felt kept')}"
    assert last not in ent


def test_the_plain_name_and_the_senior_in_one_article_are_one_the_junior_is_not():
    # 28_1ecb writes "W. Mark Felt" and "W. Mark Felt Sr."; 28_3ecb "Mark Felt" and "Mark Felt Jr."
    ms = [Mention("a1", "A", "W. Mark Felt Sr.", "PERSON", start=0), Mention("a2", "A", "W. Mark Felt", "PERSON",
                                                                            start=80),
          Mention("b1", "B", "Mark Felt", "PERSON", start=0), Mention("b2", "B", "Mark Felt Jr.", "PERSON", start=90)]
    ent = _entity_of(cluster_mentions(ms))
    assert ent["a1"] == ent["a2"] == ent["b1"]
    assert ent["b2"] != ent["b1"]


def test_a_first_name_alone_joins_the_one_person_of_that_first_name_or_short_form():
    # topic 32: "Katie" alone in one article, "Kathryn Jenkin" / "Katie Jenkin" in others
    ms = [Mention("a1", "A", "Kathryn Jenkin", "PERSON", start=0), Mention("a2", "A", "John Jenkin", "PERSON",
                                                                          start=50),
          Mention("b1", "B", "Katie", "PERSON", start=10)]  # no one named in full here
    ent = _entity_of(cluster_mentions(ms))
    assert ent["b1"] == ent["a1"]  # Katie is a usual short form of Kathryn, the only such person in the corpus
    assert ent["a2"] != ent["a1"]
    # an article that names its own Katie keeps its Katie; the corpus then has two, and "Katie" alone in B
    # goes to neither
    ms += [Mention("c1", "C", "Katie", "PERSON", start=10), Mention("c2", "C", "Katie Smith", "PERSON", start=60)]
    ent = _entity_of(cluster_mentions(ms))
    assert ent["c1"] == ent["c2"] != ent["a1"]
    assert ent.get("b1") not in (ent["a1"], ent["c2"])


def test_two_people_of_one_first_name_in_the_corpus_leave_the_first_name_alone():
    ms = [Mention("a1", "A", "Craig Zadan", "PERSON", start=0), Mention("b1", "B", "Craig Smith", "PERSON", start=0),
          Mention("c1", "C", "Craig", "PERSON", start=5)]
    ent = _entity_of(cluster_mentions(ms))
    assert ent["c1"] not in (ent["a1"], ent["b1"])


def test_a_verb_before_a_surname_is_not_a_first_name():
    text = "Having Jackman host certainly fits with that theme. Hugh Jackman will host, having done so before."
    out = refine(text, [Found(0, 14, "PERSON", 0.8, "model")])
    spans = {text[f.start:f.end]: f.label for f in out}
    assert spans.get("Jackman") == "PERSON" and "Having Jackman" not in spans


def test_people_of_a_nation_are_not_a_person():
    text = "Briton dies in New Zealand's Aoraki Mount Cook National Park"
    out = refine(text, [Found(0, 6, "PERSON", 0.8, "model")])
    assert [(text[f.start:f.end], f.label) for f in out] == [("Briton", "NORP")]
    assert is_demonym("New Zealander") and is_demonym("Britons") and not is_demonym("Walker")


# ------------------------------------------------------------------ the rules read the shared analysis


def test_the_rules_read_tokens_and_sentence_starts_from_the_shared_analysis():
    from annotator_entities import rules
    from annotator_entities.rules import tag_corpus, tokenize

    from annotator import analysis
    from annotator import lexicon as shared

    # 10_21ecbplus: an initial, a slashed acronym and a hyphenated name are one token each
    text = "Earl Bloom of the Orange County Register heard Dan Patrick say it. W. Mark Felt told RFE/RL and Jones-Drew."
    a = analysis.analyse(text, analysis.RULES)
    toks = tokenize(text, a)
    words = [t.text for t in toks]
    assert {"W.", "RFE/RL", "Jones-Drew"} <= set(words)
    assert all(text[t.start:t.end] == t.text for t in toks)
    starts = {a.text[s.start:s.start + 2] for s in a.sentences}
    assert {t.text[:2] for t in toks if t.initial} >= starts  # every shared sentence start is a sentence start
    # the same analysis given or computed: the same proposals
    assert tag_corpus([text], analyses=[a]) == tag_corpus([text])
    # one copy of the cue words: the tagger's are the shared lexicon's
    assert rules.org_cue is shared.org_cue and rules.place_cue is shared.place_cue
    assert shared.org_cue("Inc.") and shared.place_cue("County") == "GPE" and not shared.org_cue("Smith")
    from annotator_entities import lexicon as own

    assert not {"TITLES", "HONORIFICS", "MONTHS", "WEEKDAYS", "ORG_CUES", "CONNECTORS"} & set(vars(own))


def test_a_title_that_is_also_a_first_name_stays_in_the_name():
    from annotator_entities.rules import tag_corpus

    text = "Earl Bloom of the Orange County Register heard Dan Patrick say it on his radio show."
    (found,) = tag_corpus([text])
    got = {(text[f.start:f.end], f.label) for f in found}
    assert ("Earl Bloom", "PERSON") in got
    assert ("Orange County Register", "ORG") in got


def test_a_vague_form_does_not_chain_two_people_into_one():
    # "J. Smith" fits John Smith and Jane Smith: they stay two people, whatever order the pairs come in
    for order in ((0, 1, 2), (2, 1, 0), (1, 0, 2)):
        names = ["John Smith", "J. Smith", "Jane Smith"]
        ms = [Mention(f"m{k}", f"D{k}", names[k], "PERSON", start=0) for k in order]
        ent = _entity_of(cluster_mentions(ms))
        assert ent["m0"] != ent["m2"]


def test_short_first_names_that_share_consonants_are_two_people():
    from annotator_entities.names import is_variant

    assert not is_variant("John Smith", "Jane Smith") and not is_variant("Tom Hart", "Tim Hart")
    assert is_variant("Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaya")


def test_a_position_code_before_a_full_name_is_not_its_first_name():
    # the ECB+ football topics write "Saints RB Pierre Thomas"; "AJ Green" keeps its first name
    text = "Saints RB Pierre Thomas was hurt. AJ Green caught it."
    out = refine(text, [Found(7, 23, "PERSON", 0.8, "model"), Found(34, 42, "PERSON", 0.8, "model")])
    assert {text[f.start:f.end] for f in out if f.label == "PERSON"} == {"Pierre Thomas", "AJ Green"}
    # 29_3ecb: "intercepted a David Garrard pass"; 29_*: "Colts QB Andrew Luck"
    from annotator_entities.spacy_backend import _trim

    text = "Ratliff intercepted a David Garrard pass. Colts QB Andrew Luck threw."
    s, e = _trim(text, text.index("a David"), text.index(" pass"))
    assert text[s:e] == "David Garrard"
    out = refine(text, [Found(text.index("Colts"), text.index(" threw"), "PERSON", 0.8, "model")])
    assert [text[f.start:f.end] for f in out if f.label == "PERSON"] == ["Andrew Luck"]


def test_a_hyphenated_title_is_the_role_not_the_name():
    from annotator_entities.rules import tag_corpus

    # 41_4ecb
    text = "Brigadier-General Avi Benayahu said the Israeli Defence Forces would respond."
    (found,) = tag_corpus([text])
    people = [(text[f.start:f.end], f.role) for f in found if f.label == "PERSON"]
    assert people == [("Avi Benayahu", "Brigadier-General")]


# --------------------------------------------------------------------------------------------- pronoun agreement
# Held-out topic 45 (inspected in session 4 for its wrong merge): an article that names only the victim in
# full, *Laci Peterson*, calls her husband *Peterson* alone; "his wife" says he is not her.

PETERSON_6 = ("The case first captured the nation's attention when Laci Peterson disappeared from her Modesto "
              "home. Unlike on Nov. 12, when sobs filled the air as Peterson was found guilty of murdering his "
              "wife, the courtroom was silent. Peterson was convicted of first-degree murder for the death of "
              "Laci Peterson. The same jury that recommended Peterson's penalty found him guilty.")
PETERSON_1 = ("Scott Peterson has been found guilty of first-degree murder. The jury said he deserves to die. "
              "So Scott Peterson was convicted because he's a liar.")
PETERSON_3 = ("Dozens of people in Laci Peterson's hometown who were donating blood in her memory applauded "
              "when they heard a jury's decision to execute Scott Peterson for the murder of his pregnant wife.")


def _with_pronouns(doc: str, text: str, names: list[str], prefix: str) -> list[Mention]:
    from annotator_entities.clustering import pronoun_genders

    ms = _mentions(doc, text, names, prefix)
    genders = pronoun_genders(text, [(m.start, m.start + len(m.text)) for m in ms])
    return [Mention(m.ref, m.document_id, m.text, m.label, start=m.start, gender=g) for m, g in zip(ms, genders)]


def test_the_pronoun_after_a_person_is_read_in_its_sentence_and_before_the_next_person():
    from annotator_entities.clustering import pronoun_genders

    spans = sorted((m.start, m.start + len(m.text)) for m in _mentions("A", PETERSON_6, ["Laci Peterson", "Peterson"],
                                                                        "a"))
    got = [(PETERSON_6[s:e], g) for (s, e), g in zip(spans, pronoun_genders(PETERSON_6, spans))]
    assert got[0] == ("Laci Peterson", "f")  # disappeared from her Modesto home
    assert got[1] == ("Peterson", "m")  # murdering his wife
    assert got[2] == ("Peterson", "")  # the next person comes before any pronoun
    text = ("The jury concluded that Laci Peterson's death could not be explained but that Scott Peterson "
            "wanted her dead.")
    spans = [(text.index("Laci"), text.index("'s death")), (text.index("Scott"), text.index(" wanted"))]
    assert pronoun_genders(text, spans) == ["", "f"]  # Laci's window stops at Scott Peterson
    # 45_4ecb: an abbreviation's period ends no sentence
    text = "The jury convicted the 32-year-old Peterson on Nov. 12 of first-degree murder for killing his wife."
    assert pronoun_genders(text, [(text.index("Peterson"), text.index(" on Nov"))]) == ["m"]
    text = "Scott Peterson sat still. She wept."
    assert pronoun_genders(text, [(0, 14)]) == [""]


def test_a_lone_surname_whose_pronoun_contradicts_the_articles_person_of_it_is_not_that_person():
    ms = (_with_pronouns("D6", PETERSON_6, ["Laci Peterson", "Peterson"], "s")
          + _with_pronouns("D1", PETERSON_1, ["Scott Peterson"], "o")
          + _with_pronouns("D3", PETERSON_3, ["Laci Peterson", "Scott Peterson"], "t"))
    ent = _entity_of(cluster_mentions(ms))
    laci = ent[f"s{PETERSON_6.index('Laci Peterson')}"]
    scott = ent[f"o{PETERSON_1.index('Scott Peterson')}"]
    assert laci != scott
    lone = [m.ref for m in ms if m.text == "Peterson"]
    assert len(lone) == 3
    # none is Laci's (the article's one referent of "Peterson" is a man); the corpus's only man of the name
    assert all(ent.get(r) == scott for r in lone)


def test_without_a_pronoun_the_lone_surname_still_joins_the_articles_person():
    # the same article without the pronouns: nothing contradicts, the article's one Peterson is taken
    text = "Laci Peterson disappeared from her Modesto home. Peterson was convicted of first-degree murder."
    ms = _with_pronouns("D6", text, ["Laci Peterson", "Peterson"], "s") + _with_pronouns(
        "D1", PETERSON_1, ["Scott Peterson"], "o")
    ent = _entity_of(cluster_mentions(ms))
    assert ent[f"s{text.index('Peterson was')}"] == ent["s0"]


def test_a_surname_only_one_person_has_is_theirs_whatever_pronoun_follows():
    # held-out topic 21: "Subryan struck Chohan with his 2013 Toyota Camry" (his: the driver's); Raj Chohan is a woman
    a = ("Witnesses say 59-year-old Raj Chohan was leaving her car on 117th Street. Police said 23-year-old "
         "Vishwanand Subryan struck Chohan with his 2013 Toyota Camry as she was walking.")
    b = "Raj Chohan, 59, had just parked her car and was walking when she was hit."
    ms = (_with_pronouns("A", a, ["Raj Chohan", "Vishwanand Subryan", "Chohan"], "a")
          + _with_pronouns("B", b, ["Raj Chohan"], "b"))
    lone = next(m for m in ms if m.text == "Chohan")
    assert lone.gender == "m"
    ent = _entity_of(cluster_mentions(ms))
    assert ent[lone.ref] == ent[f"a{a.index('Raj Chohan')}"] == ent["b0"]


def test_the_suggester_reads_the_pronouns_and_keeps_the_husband_out_of_the_wifes_entity(project):
    from tests.plugins.test_entities import _add_doc

    for k, text in enumerate((PETERSON_6, PETERSON_1, PETERSON_3)):
        _add_doc(project, text, source=f"S{k}")
    project.set_setting("entity-tagger", "backend", "rules")
    project.suggest("entity-tagger")
    doc = next(d for d in project.documents() if d.source == "S0")
    anns = [a for a in project.annotations(document_id=doc.id, layer="entity") if a.label == "PERSON"]
    by_text = {}
    for a in anns:
        by_text.setdefault(doc.text[a.start:a.end], set()).add(a.attributes.get("entity_id"))
    assert "Laci Peterson" in by_text and "Peterson" in by_text
    assert not (by_text["Peterson"] & by_text["Laci Peterson"])


def test_when_the_text_does_not_say_the_first_name_dictionary_tells_the_father_from_the_daughter():
    # held-out topic 45: the victim's father is named in full, the victim mostly by her surname
    a = ("Prosecutors allege Simpson shot Flynn after she told him she was pregnant. I'm glad we got the "
         "verdict, said Flynn's father, Herbert Flynn. The jury saw 20-year-old victim Ka'Loni Flynn's body.")
    b = "Prosecutors allege Simpson shot Flynn after she told him she was pregnant."
    ms = (_with_pronouns("A", a, ["Herbert Flynn", "Ka'Loni Flynn", "Simpson", "Flynn"], "a")
          + _with_pronouns("B", b, ["Simpson", "Flynn"], "b"))
    ent = _entity_of(cluster_mentions(ms))
    herbert, kaloni = ent[f"a{a.index('Herbert')}"], ent[f"a{a.index('Ka')}"]
    assert herbert != kaloni
    lone = [m.ref for m in ms if m.text == "Flynn"]
    assert len(lone) == 3 and all(ent.get(r) == kaloni for r in lone)


def test_a_headline_word_before_a_surname_is_not_a_first_name():
    # held-out topic 9, 9_6ecbplus (inspected in session 4): the model reads "Flips Bush" as a person
    text = ("Obama Administration Flips Bush Endangered Species Ruling\n\nThe Obama administration said Tuesday "
            "it was overturning a rule change made in the final weeks of the Bush presidency.")
    out = refine(text, [Found(text.index("Flips"), text.index(" Endangered"), "PERSON", 0.8, "model")])
    assert [text[f.start:f.end] for f in out if f.label == "PERSON"][:1] == ["Bush"]
    # a known first name on a headline stays: "Ellen DeGeneres Returns To Host Oscars"
    text = "Ellen DeGeneres Returns To Host Oscars\n\nThe comedian will host again."
    out = refine(text, [Found(0, 15, "PERSON", 0.8, "model")])
    assert [text[f.start:f.end] for f in out if f.label == "PERSON"] == ["Ellen DeGeneres"]


def test_a_nickname_with_the_in_quotes_is_inside_the_name():
    from annotator_entities.names import parse_name
    from annotator_entities.rules import tag_corpus

    # held-out topic 26 (26_4ecbplus, 26_5ecbplus; inspected in session 4)
    for text, name in (('One of the most famous mafia godfathers in the US, Vincent "the Chin" Gigante, who spent '
                        'much of his life avoiding prison.', 'Vincent "the Chin" Gigante'),
                       ("Vincent 'The Chin' Gigante died while in prison custody.", "Vincent 'The Chin' Gigante")):
        (found,) = tag_corpus([text])
        assert name in [text[f.start:f.end] for f in found if f.label == "PERSON"]
        p = parse_name(name)
        assert (p.given, p.surname, p.nickname) == (("vincent",), "gigante", "the chin")
