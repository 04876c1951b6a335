"""Small built-in word lists for the rule-based back end: countries and well-known places (GPE, LOC),
demonyms (NORP), organisation cues and names (ORG), event cues, titles and honorifics, common given names, and
common words that start sentences but are not names. Plain data; no logic beyond case-folded lookups.
"""

from __future__ import annotations


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
Kharkiv|Odesa|Odessa|Lviv|Gomel|Homel|Grodno|Hrodna|Brest|Vitebsk|Viciebsk|Mogilev|Mahilyow|Mogilyov|Bobruisk|
Babruysk|Novosibirsk|Yekaterinburg|Kaliningrad|Smolensk|Tehran|Baghdad|Damascus|Cairo|Jerusalem|Tel Aviv|Delhi|
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
OMON|Gazprom|Rosneft|Belavia|BelTA|TASS|Tass|Interfax|RIA Novosti|Sputnik|RT|Reuters|AFP|AP|Associated Press|
BBC|CNN|CBC|RFE/RL|Radio Free Europe|Radio Liberty|Tut.by|TUT.BY|Nexta|NEXTA|Facebook|Twitter|Telegram|YouTube|
Google|Apple|Microsoft|Amazon|Meta|Red Cross|Amnesty International|Human Rights Watch|Viasna|Europarliament|
Congress|Senate|Parliament|Politburo|Supreme Court|Security Council|Moscow Times|The Moscow Times|
""")

# The last word of a name that makes it an organisation ("Defense Ministry", "Coordination Council").
ORG_CUES = _set("""
Ministry|Council|Union|Commission|Committee|Party|Agency|Press|Service|Services|Embassy|Consulate|Times|News|Post|
Bank|Court|Parliament|Assembly|Government|Office|Army|Navy|Police|Militia|Guard|Forces|Force|Foundation|Institute|
University|College|Academy|Association|Organization|Organisation|Front|Movement|Corporation|Company|Group|Inc|Inc.|
Ltd|Ltd.|Network|Television|Radio|Fund|Department|Senate|Congress|Duma|Cabinet|Directorate|Bureau|Board|Federation|
Alliance|League|Coalition|Club|Church|Patriarchate|Society|Centre|Center|Authority|Commissariat|Corps|Brigade|
Regiment|Battalion|Inspectorate|Prosecutor's Office|Tribunal|Chamber|Secretariat|Broadcasting|Channel|Journal|
Gazette|Herald|Tribune|Telegraph|Guardian|Review|Magazine|Airlines|Airways|Motors|Works|Plant|Factory|
Survey|Clinic|Hospital|School|Museum|Library|Laboratory|Laboratories|Hotel|Studios|Records|Entertainment|
Productions|Pictures|Prison|Jail|Penitentiary|Administration|Institution|Systems|Technologies|Industries|Holdings|
Partners|Associates|Airline|Team|Squad|Unit|Division|Command|Magazine|Network|Channel|Communications|Media|
Register|Sentinel|Observer|Inquirer|Chronicle|Examiner|Courier|Bulletin|Dispatch|Enquirer|Daily|Weekly|
""")

EVENT_CUES = _set("""
War|Summit|Olympics|Games|Revolution|Cup|Festival|Conference|Forum|Congress|Uprising|Crisis|Protests|Election|
Elections|Referendum|Championship|Marathon|Parade|Day|Week|Massacre|Accords|Agreement|Treaty|Talks|
""")

# Words that name an office or role; left outside a PERSON span ("President Alexander Lukashenko").
TITLES = _set("""
President|Vice|Prime|Minister|Ministers|Secretary|Secretary-General|Chancellor|Premier|Senator|Sen.|
Representative|Rep.|Governor|Gov.|Mayor|Ambassador|Envoy|Spokesman|Spokeswoman|Spokesperson|Speaker|Chairman|
Chairwoman|Chair|Chief|Head|Director|General|Gen.|Colonel|Col.|Lieutenant|Lt.|Major|Maj.|Captain|Capt.|Sergeant|
Sgt.|Commander|Admiral|Marshal|King|Queen|Prince|Princess|Emperor|Pope|Patriarch|Archbishop|Bishop|Father|
Metropolitan|Rabbi|Imam|Sheikh|Judge|Justice|Prosecutor|Attorney|Commissioner|Inspector|Officer|Detective|Leader|
Foreign|Affairs|Defence|Defense|Interior|Finance|Justice|Health|State|Deputy|Acting|Former|Ex|First|Lady|
Candidate|Opposition|Incumbent|Strongman|Dictator|Activist|Journalist|Professor|Prof.|Coach|Correspondent|
Editor|Author|Writer|Analyst|Economist|Lawyer|Doctor|Nurse|Protester|Demonstrator|Counterpart|
""")

HONORIFICS = _set("Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Miss|Dr|Dr.|Sir|Dame|Lord|Lady|Madam|Mme|Mme.|M.|Herr|Frau|St.|Saint")

# Given names common in the news this tool is built for (English, Slavic in several transliterations, others).
GIVEN_NAMES = _set("""
Alexander|Aleksandr|Alexandr|Alyaksandr|Aliaksandr|Alexandre|Alexandra|Aleksandra|Alexei|Alexey|Aleksei|Aleksey|
Andrei|Andrey|Andrej|Andrew|Anatoly|Anatoli|Anna|Ann|Anne|Anton|Artem|Artyom|Arkady|Boris|Daria|Darya|Dmitri|
Dmitry|Dmitriy|Dzmitry|Elena|Yelena|Alena|Alyona|Evgeny|Yevgeny|Yauhen|Eugene|Fyodor|Galina|Gennady|Georgy|Grigory|
Igor|Ihar|Ilya|Illia|Ivan|Ivana|Kirill|Konstantin|Ksenia|Larisa|Leonid|Lyudmila|Ludmila|Maksim|Maxim|Maria|Mariya|
Maryia|Maria|Marina|Mikhail|Mikhail|Mikalai|Mikola|Natalia|Natalya|Nataliya|Nikita|Nikolai|Nikolay|Nina|Oleg|Aleh|
Olga|Volha|Pavel|Paval|Pyotr|Petr|Roman|Ruslan|Sergei|Sergey|Siarhei|Sergiy|Serhiy|Sviatlana|Svetlana|Stanislav|
Tatiana|Tatyana|Tatsiana|Valery|Valeriy|Valentina|Vasily|Viktor|Viktar|Victor|Viktoria|Victoria|Vitaly|Vitali|
Vladimir|Uladzimir|Volodymyr|Vladislav|Vyacheslav|Yuri|Yury|Yuriy|Zinaida|Veronika|Veranika|Maria|Kolesnikova|
Emmanuel|Angela|Boris|Donald|Joe|Mike|Michael|Mark|John|James|Robert|David|William|Richard|Thomas|Charles|Paul|
George|Peter|Stephen|Steven|Kevin|Brian|Justin|Jean|Pierre|Jacques|François|Francois|Philippe|Jean-Yves|Heiko|
Josep|Ursula|Charles|Emmanuel|Gitanas|Mateusz|Andrzej|Jens|Antonio|António|Ann|Linda|Mary|Elizabeth|Sarah|
Susan|Karen|Lisa|Jennifer|Jessica|Emily|Laura|Julia|Kate|Catherine|Helen|Margaret|Barbara|Nancy|Hillary|Kamala|
Xi|Recep|Volodymyr|Ilham|Nikol|Kassym-Jomart|Shavkat|Emomali|Nursultan|Ramzan|Sergey|Alexei|Ann|Elena|Artem|Olga
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
Advertisement|Related|Update|Updated|Editor|Note|Sat|Sun|Mon|Tue|Wed|Thu|Fri|Jan|Feb|Mar|Apr|Jun|Jul|Sep|Sept|
Oct|Nov|Dec|Will|Would|Can|Could|May|Might|Must|Shall|Should|Do|Does|Did|Is|Are|Was|Were|Be|Been|Has|Have|Had|
Long|Live|Our|OK|Ok|Oh|Well|Again|Too|Very|Never|Always|Already|Almost|Ever|Else|Instead|Perhaps|Maybe|Officials|Police|Protesters|Demonstrators|Workers|People|Riot|Opposition|Crowds|
""")

# Spellings of the same place or body, folded to one key for clustering (lower case, anyascii).
ALIASES = {
    "us": "united states", "u.s.": "united states", "usa": "united states", "u.s.a.": "united states",
    "america": "united states", "united states of america": "united states",
    "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "eu": "european union", "e.u.": "european union", "un": "united nations", "u.n.": "united nations",
    "russian federation": "russia", "czechia": "czech republic", "kiev": "kyiv", "homel": "gomel",
    "hrodna": "grodno", "odessa": "odesa", "byelorussia": "belarus", "belorussia": "belarus",
    "nato": "nato", "state duma": "duma", "tass": "tass", "the moscow times": "moscow times",
    "saint petersburg": "st. petersburg", "the west": "west", "defence ministry": "defense ministry",
    "ministry of defence": "defense ministry", "ministry of defense": "defense ministry",
}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")

# Words that may sit inside a multi-word name ("Secretary of State", "March for Freedom", "Bank of England").
CONNECTORS = frozenset({"of", "for", "de", "del", "della", "di", "da", "du", "des", "la", "le", "von", "van", "der",
                        "den", "al", "el", "bin", "ibn", "the", "on", "and"})


def lookup(table: frozenset[str], word: str) -> bool:
    """``word`` in ``table``, also in Title Case for all-caps text ("MINSK" -> "Minsk")."""
    if word in table:
        return True
    if word.isupper() and len(word) > 3:
        return word.title() in table
    return False
