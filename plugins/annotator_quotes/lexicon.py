"""The quote marker's policy on top of the shared word lists of :mod:`annotator.lexicon` (speech verbs, titles,
role nouns, demonyms, speaker and organisation words, fillers, name gender live there, one copy for every
plugin): the verb forms too often nouns to be cues, the multi-word cue tails, and the words this plugin lets
stand before a name.

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

# words that may stand before a personal name and are not part of it: the shared titles, demonyms and the
# professions and acronyms news copy writes before names ("activist Maria Kolesnikova", "U.S. Secretary")
TITLES = set(shared.TITLES) | set(shared.NATIONALITIES) | set(shared.NAME_PREFIX_WORDS)

# adjectives of nationality and region that precede names in news ("Russian leader", "ex-Soviet Baltic states")
NATIONALITIES = set(shared.NATIONALITIES) | set(shared.SCOPE_ADJECTIVES)

# role nouns that name a person by what they do: a quote's speaker when the article never names them, and the
# key that ties a name to such a role ("Sheriff John Smith" … "the sheriff said"): the shared role nouns and the
# shared titles that are nouns of office
_TITLE_MODIFIERS = {"vice", "prime", "former", "ex", "acting", "interim", "incumbent", "first", "foreign", "affairs",
                    "defence", "defense", "interior", "finance", "justice", "health", "state", "home", "crown"}
ROLE_NOUNS = set(shared.ROLES) | (set(shared.TITLES) - set(shared.HONORIFICS) - _TITLE_MODIFIERS)

PRONOUNS = {"he": "m", "she": "f", "they": "pl", "it": "n"}

# one copy each, in the shared lexicon (imported here for the plugin's modules)
SPEAKER_NOUNS = shared.SPEAKER_NOUNS
GROUP_NOUNS = shared.GROUP_NOUNS
ORG_WORDS = shared.ORGANISATION_WORDS
NOT_NAMES = shared.NOT_NAME_WORDS
FILLERS = shared.SPEAKER_FILLERS
PREPOSITIONS = shared.OBJECT_TAKING_WORDS
guess_gender = shared.name_gender
