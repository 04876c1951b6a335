"""Word lists the candidate generator relies on beyond the shared ones (``annotator.lexicon``: months,
weekdays, number words): stop words, lemmas and synonyms common in news reports, negators, attribution and
hedge markers, causes of death or injury, evaluative words, units, currencies, what happened to what is
counted, directions. English only.
"""

from __future__ import annotations

from annotator import lexicon as _shared

STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few
for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
myself nor of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll
she's should shouldn't so some such than that that's the their theirs them themselves then there there's these
they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're
we've were weren't what what's when when's where where's which while who who's whom why why's with won't would
wouldn't you you'd you'll you're you've your yours yourself yourselves also just yet still even
say said says told tells added adding according mr mrs ms
""".split())

# irregular forms and near-synonyms that reports of one event use interchangeably
LEMMAS = {
    "fled": "leave", "flee": "leave", "flees": "leave", "fleeing": "leave", "left": "leave", "leaves": "leave",
    "leaving": "leave", "departed": "leave", "depart": "leave",
    "detention": "detain", "detained": "detain", "detaining": "detain", "detainee": "detain", "detainees": "detain",
    "arrest": "detain", "arrests": "detain", "arrested": "detain", "jail": "detain", "jailed": "detain",
    "custody": "detain", "imprisoned": "detain",
    "died": "die", "dies": "die", "dying": "die", "death": "die", "deaths": "die", "dead": "die",
    "killed": "kill", "killing": "kill", "kills": "kill", "slain": "kill",
    "demonstrator": "protester", "demonstrators": "protester", "protesters": "protester", "protestors": "protester",
    "protestor": "protester",
    "protests": "protest", "protested": "protest", "demonstration": "protest", "demonstrations": "protest",
    "rally": "protest", "rallies": "protest", "rallied": "protest", "demonstrated": "protest", "marched": "protest",
    "vote": "election", "votes": "election", "elections": "election", "poll": "election", "polls": "election",
    "re-election": "election", "ballot": "election",
    "per": "percent", "percentage": "percent", "%": "percent",
    "mediators": "mediator", "intermediaries": "mediator", "intermediary": "mediator", "mediation": "mediator",
    "assistance": "help", "aid": "help", "helped": "help",
    "offered": "offer", "offers": "offer", "agreed": "agree", "agrees": "agree",
    "won": "win", "wins": "win", "winning": "win", "victory": "win",
    "neighbouring": "neighbour", "neighboring": "neighbour", "defence": "defense",
    "criticised": "criticize", "criticized": "criticize", "criticism": "criticize", "criticisms": "criticize",
    "wounded": "injure", "injured": "injure", "injuries": "injure", "injury": "injure",
    "gathered": "gather", "gathering": "gather", "gatherings": "gather",
    "rigged": "rig", "rigging": "rig", "fraudulent": "fraud", "manipulated": "manipulate",
    "beaten": "beat", "beating": "beat", "beatings": "beat",
    "crackdowns": "crackdown", "phoned": "call", "conversation": "call", "talks": "talk",
    "president's": "president", "presidential": "president", "capital": "capital",
    "quake": "earthquake", "quakes": "earthquake", "earthquakes": "earthquake", "tremor": "earthquake",
    "tremors": "earthquake", "temblor": "earthquake", "building": "building", "buildings": "building",
}

NEGATORS = frozenset("""
not n't no never neither nor without none nobody nothing denied denies deny denying refuted rejects
""".split())
# "rejected" is not here: "rejected suggestions that..." reports an act, it does not negate the clause

ATTRIBUTION = frozenset("""
say says said claim claims claimed claiming allege alleges alleged allegedly believe believes believed accuse
accuses accused according reportedly insist insists insisted called calls maintain maintains suggest suggests
""".split())

DISPUTE_CUES = frozenset("""
deny denies denied dispute disputes disputed reject rejects rejected refute refutes refuted contradict
contradicts believes believe allegedly alleged claims claimed insists however but
""".split())

DEATH_WORDS = frozenset("""
die kill body morgue wound wounds fatal fatally funeral casket coffin
""".split())

# cause phrases -> (cause class, strong?). Strong causes are specific mechanisms; weak ones are circumstances.
CAUSES = {
    "explosive device": ("explosion", True), "explosive": ("explosion", True), "explosion": ("explosion", True),
    "blew up": ("explosion", True), "went off": ("explosion", True), "grenade": ("explosion", True),
    "bomb": ("explosion", True),
    "bullet wound": ("gunshot", True), "bullet": ("gunshot", True), "gunshot": ("gunshot", True),
    "shot dead": ("gunshot", True), "shot": ("gunshot", True), "live rounds": ("gunshot", True),
    "perforation": ("gunshot", True), "sniper": ("gunshot", True),
    "beaten to death": ("beating", True), "beaten": ("beating", True), "beating": ("beating", True),
    "heart attack": ("illness", True), "heart failure": ("illness", True), "illness": ("illness", True),
    "suicide": ("suicide", True), "accident": ("accident", True), "crash": ("accident", True),
    "stabbed": ("stabbing", True),
    "suffocated": ("suffocation", True), "suffocation": ("suffocation", True), "choked on smoke": ("suffocation", True),
    "smoke inhalation": ("suffocation", True), "asphyxiated": ("suffocation", True),
    "burnt to death": ("burns", True), "burned to death": ("burns", True), "burned alive": ("burns", True),
    "drowned": ("drowning", True), "crushed": ("crushing", True),
    "clashes": ("clashes", False), "clash": ("clashes", False), "crackdown": ("crackdown", False),
    "violence": ("violence", False), "custody": ("custody", False),
}

EVALUATIVE = frozenset("""
rig fraud manipulate flawed falsified stolen illegitimate legitimate unfair fair free peaceful violent brutal
torture murder terrorist landslide sham massacre
""".split())

# the words of office the linker leaves out of a claim's names: a narrower set than the shared
# ``annotator.lexicon.TITLES`` on purpose (with the whole shared list, topic 8 of the dev corpus gained wrong
# name candidates such as "Police Department vs Woodburn Police Department"; session 4)
TITLE_WORDS = frozenset("""
president prime minister secretary foreign affairs state defence defense interior mr mrs ms dr gen general
chancellor premier leader opposition minister's sen senator gov governor mayor king queen prince pope sir
""".split())

# months and weekdays: the shared lists (annotator.lexicon); weekdays by their full names only, so that "Sun"
# (a newspaper) or "Sat" never reads as a day
MONTHS = _shared.MONTHS
WEEKDAYS = {name: i for i, name in enumerate(_shared.WEEKDAY_NAMES)}

# units a figure is measured in -> factor to the base unit (metres, seconds)
LENGTH_UNITS = {
    "m": 1.0, "metre": 1.0, "metres": 1.0, "meter": 1.0, "meters": 1.0, "cm": 0.01, "km": 1000.0,
    "kilometre": 1000.0, "kilometres": 1000.0, "kilometer": 1000.0, "kilometers": 1000.0, "kms": 1000.0,
    "mile": 1609.344, "miles": 1609.344, "mi": 1609.344, "foot": 0.3048, "feet": 0.3048, "ft": 0.3048,
    "yard": 0.9144, "yards": 0.9144, "inch": 0.0254, "inches": 0.0254,
}
DURATION_UNITS = {
    "second": 1.0, "seconds": 1.0, "sec": 1.0, "secs": 1.0, "minute": 60.0, "minutes": 60.0, "min": 60.0,
    "mins": 60.0, "hour": 3600.0, "hours": 3600.0, "hr": 3600.0, "hrs": 3600.0, "day": 86400.0, "days": 86400.0,
    "week": 604800.0, "weeks": 604800.0, "fortnight": 1209600.0, "month": 2629800.0, "months": 2629800.0,
    "year": 31557600.0, "years": 31557600.0, "yr": 31557600.0, "decade": 315576000.0, "decades": 315576000.0,
}
# how a figure's currency is written -> ISO code ("e" is how a € sign often survives re-encoding; "?" a lost
# sign: an unknown currency, compared only with another unknown one)
CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "e": "EUR", "?": "?",
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "£": "GBP", "p": "GBP", "pound": "GBP", "pounds": "GBP",
    "gbp": "GBP", "¥": "JPY", "yen": "JPY", "dh": "AED", "dirham": "AED", "dirhams": "AED", "r": "ZAR",
    "rand": "ZAR", "rs": "INR", "rupee": "INR", "rupees": "INR",
}
# words that say what happened to what a figure counts
EVENT_WORDS = {
    **dict.fromkeys("""killed kill kills killing dead die died dies dying death deaths toll fatalities fatality
        bodies body perished suffocated drowned slain lives""".split(), "death"),
    **dict.fromkeys("""injured injuring injuries injury wounded wounding hurt hospitalised hospitalized hospital
        hospitals treated""".split(), "injury"),
    **dict.fromkeys("""arrested arrest arrests detained detention captured capturing nabbed apprehended
        apprehending custody surrendered seized seizing""".split(), "arrest"),
    **dict.fromkeys("""rescued rescue evacuated evacuation ushered saved""".split(), "rescue"),
    **dict.fromkeys("""marched march marches rallied rally rallies protested demonstrated streets
        joined""".split(), "march"),
}

# counted nouns that reports of one event use for the same things -> one class
COUNT_SYNONYMS = {
    **dict.fromkeys("engine appliance pump tender".split(), "fire engine"),
    **dict.fromkeys("house home building dwelling property".split(), "building"),
    **dict.fromkeys("boat skiff dhow speedboat".split(), "boat"),
    **dict.fromkeys("quake earthquake tremor".split(), "earthquake"),
    **dict.fromkeys("country nation".split(), "country"),
}
# time zones as written after a clock time
TIME_ZONES = frozenset("""gmt utc bst cet cest est edt cst cdt mst mdt pst pdt pt et ist aest aedt local""".split())

# directions relative to a place ("12 miles west of Oakland")
DIRECTIONS = {
    "north": "N", "south": "S", "east": "E", "west": "W", "northeast": "NE", "north-east": "NE", "northwest": "NW",
    "north-west": "NW", "southeast": "SE", "south-east": "SE", "southwest": "SW", "south-west": "SW",
    "northern": "N", "southern": "S", "eastern": "E", "western": "W",
}
# administrative areas named after a place name ("Sonoma County", "Sichuan province")
AREA_WORDS = frozenset("county province district region state prefecture municipality department canton".split())
# a figure for a wider area than one place ("across Asia", "nationwide")
WIDE_AREA = ("across", "throughout", "nationwide", "worldwide", "around the world", "in total", "in all",
             "overall", "altogether", "statewide", "countrywide")
