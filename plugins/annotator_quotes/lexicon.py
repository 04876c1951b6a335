"""Word lists the quote rules rely on. The shared lists (speech verbs, titles, role nouns, demonyms) come
from :mod:`annotator.lexicon`, with the quote marker's own policy on top (verb forms too often nouns to be
cues, professions written before names); the lists only this plugin needs live here: cue tails, speaker and
group nouns, organisation and place words, filler words allowed between a speaker and its verb,
prepositions, and first-name hints for pronoun gender.

General English news vocabulary, not tuned to one corpus. Everything is lower case; look-ups lower-case.
"""

from __future__ import annotations

import re

from annotator import lexicon as shared

# verbs that introduce or attribute speech (the "cue"), every inflection: the shared list, plus a few verbs of
# vehement speech, minus forms that are nouns or adjectives far more often than verbs in news prose
SPEECH_VERBS = (set(shared.SPEECH_VERB_FORMS) | shared.verb_forms("brand mourn thunder")) - {
    "post", "posts", "report", "reports", "call", "calls", "answer", "answers", "comment", "comments", "state",
    "states", "counter", "counters", "demand", "demands", "cry", "cries", "crys", "promise", "promises", "laugh",
    "joke", "jokes", "sigh", "warn", "repeat", "caution", "tweet", "estimate", "estimates", "spoken", "sung",
    "recount", "recounts"}

# multi-word cues kept whole in the cue attribute ("said in a tweet")
CUE_TAILS = re.compile(
    r"\s+(?:in|on)\s+(?:a|an|the|his|her|their|its)\s+"
    r"(?:tweet|statement|interview|speech|post|video|letter|message|broadcast|televised\s+address|"
    r"press\s+release|news\s+conference|press\s+conference|radio\s+interview|television\s+interview|"
    r"blog\s+post|facebook\s+post|telegram\s+post|televised\s+comments)\b"
    r"|\s+on\s+(?:twitter|facebook|telegram|instagram|x|television|tv|radio)\b"
    r"|\s+in\s+televised\s+(?:comments|remarks)\b",
    re.IGNORECASE,
)

ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.IGNORECASE)

# words that may stand before a personal name and are not part of it: the shared titles and demonyms, and the
# professions and acronyms news copy writes before names ("activist Maria Kolesnikova", "U.S. Secretary")
TITLES = set(shared.TITLES) | set(shared.NATIONALITIES) | {
    "activist", "analyst", "anchor", "ceo", "co-founder", "correspondent", "economist", "editor", "executive",
    "founder", "host", "journalist", "lawyer", "opposition", "presenter", "presidential", "reporter",
    "eu", "nato", "u.s.", "uk", "un", "us"}
GENDER_TITLES = {"mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "father": "m", "mrs": "f",
                 "ms": "f", "miss": "f", "dame": "f", "lady": "f", "queen": "f", "princess": "f", "sister": "f",
                 "congresswoman": "f", "chairwoman": "f", "spokeswoman": "f", "spokesman": "m",
                 "congressman": "m"}

# common nouns that can be the speaker of a quote (groups, roles, sources)
SPEAKER_NOUNS = {
    "crowd", "crowds", "protesters", "protester", "demonstrators", "demonstrator", "people", "many", "some",
    "others", "mourners", "supporters", "supporter", "residents", "resident", "workers", "worker", "officials",
    "official", "police", "witnesses", "witness", "students", "student", "employees", "employee", "activists",
    "activist", "voters", "voter", "critics", "critic", "experts", "expert", "analysts", "analyst", "observers",
    "leaders", "leader", "authorities", "ministry", "government", "spokesman", "spokeswoman", "spokesperson",
    "source", "sources", "statement", "agency", "opposition", "campaign", "campaigners", "organisers",
    "organizers", "participants", "marchers", "strikers", "fans", "soldiers", "troops", "villagers", "parents",
    "doctors", "nurses", "lawyers", "lawyer", "journalists", "journalist", "reporters", "man", "woman", "men",
    "women", "teenager", "pensioner", "pensioners", "veteran", "veterans", "programmer", "designer",
    "president", "minister", "presidents", "ministers", "kremlin", "embassy", "council", "committee", "party",
    "court", "army", "military", "office", "service", "union", "team", "company", "firm", "group",
    "diplomats", "diplomat", "observer", "spokespeople", "everyone", "someone",
}
GROUP_NOUNS = {"crowd", "crowds", "protesters", "demonstrators", "people", "many", "some", "others",
               "mourners", "supporters", "residents", "workers", "officials", "police", "witnesses", "students",
               "employees", "activists", "voters", "critics", "experts", "analysts", "observers", "leaders",
               "authorities", "marchers", "strikers", "fans", "soldiers", "troops", "villagers", "parents",
               "doctors", "nurses", "lawyers", "journalists", "reporters", "men", "women", "pensioners",
               "veterans", "participants", "diplomats", "campaigners", "organisers", "organizers"}

# a capitalised phrase holding one of these names an organisation, an institution or a place, not a person
ORG_WORDS = {
    "kremlin", "ministry", "council", "union", "federation", "agency", "press", "times", "news", "reuters",
    "associated", "committee", "party", "government", "parliament", "court", "office", "service", "department",
    "bank", "company", "inc", "corp", "ltd", "university", "embassy", "army", "police", "commission",
    "organisation", "organization", "institute", "foundation", "group", "centre", "center", "network", "post",
    "journal", "house", "republic", "kingdom", "states", "nations", "assembly", "senate", "congress",
    "duma", "command", "forces", "guard", "tass", "interfax", "ria", "bbc", "cnn", "afp", "ap", "belta", "rfe",
    "rl", "cbc", "nato", "un", "eu", "who", "imf", "fbi", "cia", "kgb", "fsb", "television", "radio", "tv",
    "square", "street", "avenue", "city", "county", "province", "region", "island", "islands", "sea", "river",
    "mountains", "airport", "station", "hospital", "school", "church", "cathedral", "stadium", "club", "fund",
    "board", "bureau", "authority", "administration", "secretariat", "mission", "delegation", "coalition",
    "alliance", "movement", "front", "league", "society", "association", "channel", "media",
    "ministries", "europe", "asia", "africa", "america", "americas", "east", "west", "north", "south",
    "cabinet", "directorate", "prosecutor's", "presidium", "politburo", "bloc",
}
PLACE_FIRST = {"new", "los", "san", "santa", "saint", "st", "north", "south", "east", "west", "northern",
               "southern", "eastern", "western", "central", "upper", "lower", "great", "greater", "hong",
               "sri", "costa", "puerto", "el", "la", "le", "las", "rio", "buenos", "abu", "tel", "kuala"}

# capitalised words that start sentences or name times, never people
NOT_NAMES = {
    "the", "a", "an", "but", "and", "or", "so", "yet", "in", "on", "at", "after", "before", "when", "while",
    "as", "if", "though", "although", "because", "since", "during", "earlier", "later", "meanwhile", "however",
    "it", "its", "this", "that", "these", "those", "there", "here", "then", "now", "today", "yesterday",
    "tomorrow", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "who",
    "what", "why", "how", "where", "which", "with", "without", "for", "from", "by", "to", "of", "about",
    "over", "under", "despite", "many", "some", "several", "both", "all", "each", "every", "no", "not",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "read", "watch",
    "listen", "facing", "meeting", "speaking", "asked", "according", "like", "unlike", "also", "still",
    "other", "others", "one", "two", "three", "around", "amid", "among", "between", "through",
    "following", "protests", "protesters", "thousands", "hundreds", "video", "photo", "riot", "opposition",
}

# words allowed between a speaker and its verb: "Lukashenko on Saturday said", "He later told"
FILLERS = {
    "also", "later", "earlier", "again", "then", "has", "had", "have", "was", "were", "is", "would", "will",
    "previously", "recently", "repeatedly", "once", "on", "last", "this", "that", "week", "month", "year",
    "morning", "evening", "afternoon", "night", "today", "yesterday", "tomorrow", "further", "firmly",
    "bluntly", "reportedly", "publicly", "privately", "angrily", "simply", "just", "only", "still", "even",
    "did", "does", "do", "not", "never", "already", "separately", "subsequently", "finally",
    "initially", "first", "often", "frequently", "himself", "herself", "themselves", "itself", "sunday",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "in", "a", "an", "the", "at",
    "statement", "interview", "speech", "tweet", "news", "conference", "briefing", "meeting", "late", "early",
}

PREPOSITIONS = {
    "with", "to", "by", "from", "of", "against", "for", "about", "at", "on", "in", "into", "onto", "over",
    "under", "between", "among", "amid", "toward", "towards", "than", "like", "via", "after", "before",
    "behind", "beside", "near", "without", "within", "upon", "per", "despite", "through", "across", "around",
    "congratulate", "congratulated", "urged", "urge", "told", "tell", "asked", "ask", "accused", "accuse",
    "called", "dismissed", "criticised", "criticized", "slammed", "blamed", "thanked", "warned", "met",
    "invited", "visited", "citing", "cited", "that", "whether", "because", "while", "whom",
}

PRONOUNS = {"he": "m", "she": "f", "they": "pl", "it": "n"}


# first names that do not end in -a but are women's, and -a names that are men's
FEMALE_NAMES = {
    "ann", "anne", "alice", "agnes", "ruth", "esther", "rachel", "sarah", "hannah", "helen", "jane", "joan",
    "carol", "michelle", "nicole", "christine", "ingrid", "astrid", "ursula", "hillary", "nancy", "emily",
    "lucy", "mary", "judy", "betty", "marine", "sophie", "claire", "caroline", "charlotte", "isabel",
    "isabelle", "madeleine", "jacqueline", "marie", "liz", "elizabeth", "beth", "sue", "susan", "karen",
    "margaret", "kate", "catherine", "katherine", "ellen", "eleanor", "elaine", "yulia", "lyudmila",
    "svetlana", "sviatlana", "olga", "elena", "irina", "natalia", "tatiana", "maria", "ekaterina", "kristin",
    "theresa", "angela", "kamala", "jacinda", "sanna", "kaja", "ilze", "evika", "ingrida", "margrethe",
    "mette", "frederiksen", "giorgia", "nikki", "tulsi", "gretchen", "whitney", "ivanka", "melania", "joy",
    "rose", "grace", "hope", "faith", "doris", "gladys", "mildred", "iris", "lillian", "vivian", "jennifer",
    "kimberly", "shirley", "dolores", "frances", "ines", "carmen", "mercedes", "pilar", "beatrix", "maxime",
    "ann-marie", "annalena", "birgit", "gudrun", "sigrid", "brigitte", "edith", "judith", "miriam", "leah",
    "deborah", "noor", "yasmin", "leila", "aisha", "fatima", "mariam", "zeynep", "ayse", "mei", "yuki",
}
MALE_A_NAMES = {
    "nikita", "ilya", "luca", "andrea", "joshua", "sasha", "misha", "kostya", "dima", "vova", "foma", "musa",
    "isa", "mustafa", "elijah", "jonah", "noah", "ezra", "aliya", "kuzma", "savva", "ilia", "akira", "juma",
    "garcia", "costa", "silva", "moshe", "mikheil", "pasha", "grisha", "lyosha", "seryozha", "vanya", "petya",
    "tolya", "kolya", "yura", "zhenya", "borya", "slava", "gosha", "alisa", "joaquin", "luka", "nicola",
    "barack", "obama", "jens", "stoltenberg", "mika", "jukka", "osama", "hamza", "yahya", "zakaria", "attila",
}
MALE_NAMES = {
    "john", "james", "michael", "mike", "david", "robert", "william", "bill", "richard", "thomas", "tom", "charles",
    "joseph", "joe", "daniel", "paul", "mark", "donald", "george", "steven", "stephen", "andrew", "peter", "alexander",
    "alexandre", "alejandro", "vladimir", "sergei", "sergey", "dmitry", "dmitri", "alexei", "alexey", "ivan",
    "nikolai", "igor", "viktor", "victor", "boris", "emmanuel", "olaf", "jens", "antony", "anthony", "tony",
    "kevin", "brian", "jason", "matthew", "gary", "timothy", "jose", "larry", "jeffrey", "frank", "scott", "eric",
    "raymond", "gregory", "benjamin", "samuel", "patrick", "jack", "dennis", "jerry", "tyler", "aaron", "henry",
    "douglas", "adam", "nathan", "zachary", "walter", "kyle", "harold", "carl", "jeremy", "keith",
    "roger", "gerald", "christian", "terry", "sean", "arthur", "austin", "lawrence", "jesse", "dylan", "bryan",
    "jordan", "billy", "bruce", "albert", "willie", "gabriel", "logan", "alan", "juan", "wayne", "roy", "ralph",
    "randy", "eugene", "vincent", "russell", "elijah", "louis", "bobby", "philip", "phillip", "johnny", "ali",
    "mohammed", "muhammad", "ahmed", "omar", "hassan", "hussein", "yuri", "yury", "oleg", "andrei", "andrey",
    "pavel", "mikhail", "maxim", "artem", "artyom", "roman", "anton", "denis", "yevgeny", "evgeny", "leonid",
    "valery", "vitaly", "konstantin", "stanislav", "vadim", "gennady", "anatoly", "volodymyr", "petro", "taras",
    "mykola", "andrzej", "jaroslaw", "mateusz", "tomas", "gitanas", "egils", "alar", "ales",
    "siarhei", "viktar", "alyaksandr", "alyaksei", "uladzimir", "aliaksandr", "francois", "françois", "jean",
    "pierre", "jacques", "nicolas", "heiko", "frank-walter", "josep", "pedro", "luis", "carlos",
    "recep", "xi", "shinzo", "narendra", "justin", "keir", "rishi",
}
FEMALE_SURNAME_ENDINGS = ("ova", "eva", "ina", "aya", "skaya", "tskaya", "ska", "cka", "ová", "ienė", "aitė",
                          "ytė", "iūtė")


def guess_gender(name: str, title: str = "") -> str | None:
    """``"m"``, ``"f"`` or None (unknown) from a title and the shape of a name. Only a hint for pronouns."""
    t = title.lower().rstrip(".")
    if t in GENDER_TITLES:
        return GENDER_TITLES[t]
    tokens = [tok for tok in re.split(r"[\s]+", name.strip()) if tok]
    if not tokens:
        return None
    first = tokens[0].lower().strip(".,")
    last = tokens[-1].lower().strip(".,")
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    if len(tokens) >= 2:
        if first in MALE_A_NAMES:
            return "m"
        if first.endswith("a") and len(first) > 2:
            return "f"
        if last.endswith(FEMALE_SURNAME_ENDINGS) and not last.endswith(("sky", "ski")):
            return "f"
        return None
    if last.endswith(("skaya", "tskaya", "ova", "eva")):
        return "f"
    return None

# adjectives of nationality and region that precede names in news ("Russian leader", "ex-Soviet Baltic states")
NATIONALITIES = set(shared.NATIONALITIES) | {
    "catholic", "chechen", "christian", "federal", "global", "international", "jewish", "muslim", "national",
    "orthodox", "tatar"}

# role nouns that name a person by what they do: a quote's speaker when the article never names them, and the
# key that ties a name to such a role ("Sheriff John Smith" … "the sheriff said"): the shared role nouns and the
# shared titles that are nouns of office
_TITLE_MODIFIERS = {"vice", "prime", "former", "ex", "acting", "interim", "incumbent", "first", "foreign", "affairs",
                    "defence", "defense", "interior", "finance", "justice", "health", "state", "home", "crown"}
ROLE_NOUNS = set(shared.ROLES) | (set(shared.TITLES) - set(shared.HONORIFICS) - _TITLE_MODIFIERS)
