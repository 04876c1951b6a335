"""The entity tagger's own word lists, entity-specific knowledge: countries and well-known places (GPE, LOC),
demonyms (NORP), names of well-known organisations (ORG), spellings of one place or body (aliases), and the
capitalised words that start sentences but are not names. Plain data; no logic beyond case-folded lookups.

Everything another plugin could need lives in the shared :mod:`annotator.lexicon`: titles and honorifics,
role nouns, months and weekdays, name suffixes, nationalities and demonym nouns, and the cue words of
organisation, place and event names (``ORG_CUES``, ``PLACE_CUES``, ``LEADING_PLACE_CUES``, ``EVENT_CUES``,
``NAME_CONNECTORS``); the tagger reads them from there.
"""

from __future__ import annotations

from annotator import lexicon as shared


def _set(text: str) -> frozenset[str]:
    return frozenset(w.strip() for w in text.replace("\n", "|").split("|") if w.strip())


# Countries, their usual short forms, and well-known cities and regions treated as GPE.
GPE = _set("""
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|Bangladesh|
Belarus|Belgium|Bolivia|Bosnia|Brazil|Britain|Great Britain|Bulgaria|Cambodia|Cameroon|Canada|Chile|China|Colombia|
Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Ecuador|Egypt|Estonia|Ethiopia|Finland|France|Georgia|Germany|
Ghana|Greece|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Japan|Jordan|Kazakhstan|Kenya|Kosovo|
Kuwait|Kyrgyzstan|Latvia|Lebanon|Libya|Liechtenstein|Lithuania|Luxembourg|Malaysia|Mali|Malta|Mexico|Moldova|
Monaco|Mongolia|Montenegro|Morocco|Myanmar|Nepal|Netherlands|New Zealand|Niger|Nigeria|North Korea|North Macedonia|
Norway|Pakistan|Palestine|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Russian Federation|Saudi Arabia|
Serbia|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|
Taiwan|Tajikistan|Thailand|Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Arab Emirates|United Kingdom|UK|U.K.|
United States|United States of America|US|U.S.|USA|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|
Abkhazia|Crimea|Chechnya|Transnistria|Donbas|Donetsk|Luhansk|Scotland|England|Wales|Hong Kong|
Minsk|Moscow|St. Petersburg|Saint Petersburg|Kyiv|Kiev|Warsaw|Vilnius|Riga|Tallinn|Berlin|Paris|London|Brussels|
Washington|New York|Beijing|Tokyo|Ottawa|Toronto|Montreal|Vienna|Prague|Budapest|Bucharest|Sofia|Rome|Madrid|
Lisbon|Stockholm|Helsinki|Oslo|Copenhagen|Amsterdam|The Hague|Geneva|Zurich|Ankara|Istanbul|Tbilisi|Yerevan|Baku|
Kharkiv|Odesa|Odessa|Lviv|Novosibirsk|Yekaterinburg|Kaliningrad|Smolensk|Tehran|Baghdad|Damascus|Cairo|
Jerusalem|Tel Aviv|Delhi|
New Delhi|Mumbai|Sydney|Melbourne|Los Angeles|Chicago|Boston|Seoul|Pyongyang|Bangkok|Manila|Jakarta|Nairobi|
Lagos|Johannesburg|Buenos Aires|Sao Paulo|São Paulo|Rio de Janeiro|Mexico City|Havana|Caracas|Lima|Bogota|
""")

LOC = _set("""
Europe|Eastern Europe|Western Europe|Central Europe|Asia|Central Asia|Africa|North America|South America|
Latin America|Middle East|the West|West|Balkans|Baltics|Caucasus|Siberia|Scandinavia|Arctic|Antarctica|
Black Sea|Baltic Sea|Mediterranean|Atlantic|Pacific|Danube|Dnieper|Volga|Urals|Alps|
""")

# Demonyms and other nationality/religious/political group words.
NORP = _set("""
Afghan|American|Americans|Armenian|Armenians|Austrian|Azerbaijani|Belarusian|Belarusians|Belarussian|
Byelorussian|Belgian|British|Bulgarian|Canadian|Canadians|Chinese|Croatian|Czech|Danish|Dutch|Egyptian|English|
Estonian|Estonians|European|Europeans|Finnish|French|Georgian|German|Germans|Greek|Hungarian|Indian|Iranian|
Iraqi|Irish|Israeli|Italian|Japanese|Kazakh|Korean|Latvian|Latvians|Lithuanian|Lithuanians|Moldovan|Norwegian|
Pakistani|Polish|Poles|Portuguese|Romanian|Russian|Russians|Scottish|Serbian|Slovak|Soviet|ex-Soviet|Spanish|
Swedish|Swiss|Syrian|Turkish|Ukrainian|Ukrainians|Uzbek|Western|Eastern|Baltic|Nordic|Slavic|Christian|Christians|
Muslim|Muslims|Jewish|Jews|Catholic|Orthodox|Protestant|Communist|Communists|Democrat|Democrats|Republican|
Republicans|Conservative|Conservatives|Liberal|Liberals|Socialist|Socialists|
""")

# Whole names of organisations that do not end in a cue word.
ORG_NAMES = _set("""
Kremlin|White House|Pentagon|Downing Street|Elysee|Élysée|Bundestag|Duma|State Duma|NATO|Nato|EU|E.U.|UN|U.N.|
United Nations|European Union|OSCE|IMF|World Bank|WHO|Interpol|Europol|OPEC|G7|G20|CIS|KGB|FSB|GRU|CIA|FBI|NSA|
Gazprom|Rosneft|TASS|Tass|Interfax|RIA Novosti|Sputnik|RT|Reuters|AFP|AP|Associated Press|
BBC|CNN|CBC|RFE/RL|Radio Free Europe|Radio Liberty|Facebook|Twitter|Telegram|YouTube|
Google|Apple|Microsoft|Amazon|Meta|Red Cross|Amnesty International|Human Rights Watch|
Congress|Senate|Parliament|Politburo|Supreme Court|Security Council|Moscow Times|The Moscow Times|
""")

# Capitalised words that start sentences or headings but are not names (the lower-case vocabulary of the text
# catches most others).
NOT_NAMES = _set("""
A|An|The|This|That|These|Those|There|Then|Thus|Their|They|Them|He|She|It|Its|His|Her|Hers|We|Our|Us|You|Your|I|
Me|My|Mine|Who|Whom|Whose|What|Which|When|Where|Why|How|If|In|On|At|By|For|From|To|Of|With|Without|Within|As|
And|But|Or|Nor|So|Yet|After|Before|During|Since|Until|While|Although|Though|Because|Despite|Earlier|Later|Also|
Meanwhile|However|Moreover|Furthermore|Still|Even|Only|Just|Some|Many|Most|More|Much|Few|Several|All|Any|Each|
Every|Both|Either|Neither|No|Not|None|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Hundreds|Thousands|
Millions|Dozens|Others|Other|Another|Such|Here|Now|Today|Yesterday|Tomorrow|Tonight|Yes|Please|Thank|Thanks|
Over|Under|About|Above|Across|Against|Along|Among|Around|Behind|Below|Beside|Between|Beyond|Inside|Into|Near|
Outside|Through|Toward|Towards|Upon|Via|Per|Like|Unlike|Read|Watch|Listen|See|Look|Let|Photo|Video|Image|
Advertisement|Related|Update|Updated|Editor|Note|Will|Would|Can|Could|May|Might|Must|Shall|Should|Do|Does|Did|Is|Are|Was|Were|Be|Been|Has|Have|Had|
Long|Live|Our|OK|Ok|Oh|Well|Again|Too|Very|Never|Always|Already|Almost|Ever|Else|Instead|Perhaps|Maybe|Officials|Police|Protesters|Demonstrators|Workers|People|Riot|Opposition|Crowds|
""") | frozenset(
    # abbreviated month and weekday names ("Sat", "Sept"): the shared lexicon's abbreviations, title case
    w.title() for w in (set(shared.MONTHS) - set(shared.MONTH_NAMES))
    | (set(shared.WEEKDAYS) - set(shared.WEEKDAY_NAMES)))

# Spellings of the same place or body, folded to one key for clustering (lower case, anyascii).
ALIASES = {
    "us": "united states", "u.s.": "united states", "usa": "united states", "u.s.a.": "united states",
    "america": "united states", "united states of america": "united states",
    "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "eu": "european union", "e.u.": "european union", "un": "united nations", "u.n.": "united nations",
    "russian federation": "russia", "czechia": "czech republic", "kiev": "kyiv", "odessa": "odesa",
    "byelorussia": "belarus", "belorussia": "belarus",
    "nato": "nato", "state duma": "duma", "tass": "tass", "the moscow times": "moscow times",
    "saint petersburg": "st. petersburg", "the west": "west", "defence ministry": "defense ministry",
    "ministry of defence": "defense ministry", "ministry of defense": "defense ministry",
}

def lookup(table: frozenset[str], word: str) -> bool:
    """``word`` in ``table``, also in Title Case for all-caps text ("MINSK" -> "Minsk")."""
    if word in table:
        return True
    if word.isupper() and len(word) > 3:
        return word.title() in table
    return False
