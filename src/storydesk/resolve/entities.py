"""Who is who across the story: mentions clustered into people, organisations and places.

Evidence, in order:
1. aliases the texts declare: a nickname in quotes inside a name (Dámaso "El Tordo"
   Quintero), "known as"/"alias"/"conocido como", and a bracketed acronym or
   translation after a name ("Department of Justice (DOJ)", "Cártel de Sinaloa
   (Sinaloa Cartel)"); every declared name is then found wherever it occurs;
2. a type per name from the whole story: the parser's votes, a title before a
   name (person), organisational words and a group word around it ("la banda
   Tren de Aragua", "the ... gang": organisation), place prepositions and
   datelines (place) - so one mislabelled mention does not decide; a name the
   story types as a place is no one's surname, and everyone quoted by name is
   a person mention even when the parser missed the name;
3. merges within a type only: the same name up to accents, case and titles; a
   surname or first name to the one full name in the story that has it (left
   alone when two people share it); a shorter organisation name to the one
   longer name that contains it, or a one-word name to the one longer name it
   opens with a corporate word after it (Ford / Ford Motor Company); a
   nickname with the surname ("El Flaco Ruiz") is the person. A place is never
   merged into an organisation that carries its name (Culiacán / Culiacán Police
   Department).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

from ..annotate import title_before
from ..model import Document, Entity, Mention, Story
from ..normalize import strip_accents
from ..spans import Spans
from ..unionfind import DisjointSets

ORG_WORDS = {
    "department", "police", "ministry", "cartel", "court", "tribunal", "agency", "office", "party", "gang", "army",
    "government", "university", "bank", "inc", "corp", "association", "union", "council", "commission", "service",
    "bureau", "force", "forces", "guard", "navy", "company", "group", "committee", "congress", "senate", "network",
    "news", "press", "times", "post", "tribune", "institute", "foundation", "organization", "organisation",
    "ministerio", "cártel", "policía", "policia", "ejército", "ejercito", "guardia", "fiscalía", "fiscalia",
    "procuraduría", "gobierno", "secretaría", "secretaria", "partido", "corte", "banda", "clan",
    "departamento", "agencia", "oficina", "comisión", "comision", "instituto", "fundación", "universidad", "dea", "fbi",
    # a company's legal form names a company, whatever the name before it is ("Chrysler LLC")
    "llc", "ltd", "plc", "corporation", "holdings", "airlines", "airways", "industries",
}
PLACE_WORDS = {"prison", "penitentiary", "jail", "city", "province", "state", "port", "island", "river", "valley",
               "mount", "mt", "lake", "bay", "county", "airport", "theatre", "theater", "stadium", "arena",
               "prisión", "penal", "cárcel", "carcel", "ciudad", "provincia", "estado", "puerto", "isla", "río", "valle",
               "monte", "lago", "bahía", "aeropuerto", "teatro", "estadio"}
_PLACE_PREP = re.compile(r"(?:\b(?:in|from|near|to|at|en|desde|cerca\s+de|hacia)\s+)$", re.IGNORECASE)
_NICK_INSIDE = re.compile(r"[\"“«'‘](?P<nick>[^\"”»'’]{2,40})[\"”»'’]")
_NICK_DECL = re.compile(
    r"(?P<first>[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)?)\s+[\"“«](?P<nick>[^\"”»\n]{2,30})[\"”»]\s+"
    r"(?P<last>[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)?)")
_KNOWN_AS = re.compile(r",?\s+(?:known\s+as|alias|a\.k\.a\.?|aka|conocido\s+como|apodado|alias)\s+[\"“«](?P<nick>[^\"”»\n]{2,30})[\"”»]", re.IGNORECASE)
_KNOWN_AS_BARE = re.compile(r",?\s+(?:known\s+as|alias|a\.k\.a\.?|aka|conocido\s+como|apodado)\s+"
                            r"(?P<nick>(?:(?:El|La|Los|The)\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)?)")
# a group word right before or after a name: "la banda Tren de Aragua", "the Tren de Aragua gang"
_GROUP_BEFORE = re.compile(r"\b(?:gang|cartel|group|militia|faction|clan|banda|pandilla|cártel|cartel|grupo|"
                           r"organización(?:\s+criminal)?|megabanda|colectivo)\s+(?:del?\s+|of\s+)?$", re.IGNORECASE)
_GROUP_AFTER = re.compile(r"^\s+(?:gang|cartel|group|militia|faction|clan|crime\s+family|network)\b", re.IGNORECASE)
_CORPORATE = {"motor", "motors", "company", "co", "inc", "corp", "corporation", "group", "llc", "ltd", "plc", "sa",
              "ag", "airlines", "airways", "holdings", "industries", "industrie", "international", "bank", "computer",
              "compañía", "grupo", "sociedad", "anónima"}
# capitalised at a sentence's start, these name no one: "Police said", "Officials said", "Witnesses told"
_ROLE_WORDS = {"officials", "official", "witnesses", "authorities", "residents", "investigators", "prosecutors",
               "experts", "analysts", "sources", "spokesman", "spokeswoman", "autoridades", "vecinos", "testigos",
               "fuentes", "investigadores", "fiscales", "many", "some", "others", "critics", "supporters", "people"}
# Abbreviations news uses for countries and unions without ever spelling them out (name keys, as `key` makes them)
_ABBREVIATIONS = {"us": "united states", "usa": "united states", "uk": "united kingdom", "eu": "european union",
                  "un": "united nations", "uae": "united arab emirates", "drc": "democratic republic of congo",
                  "ee uu": "estados unidos", "eeuu": "estados unidos", "onu": "naciones unidas", "ue": "union europea"}
_PAREN = re.compile(r"\s*\((?P<alias>[A-ZÁÉÍÓÚÑ][^()\n]{0,60})\)")


def key(name: str) -> str:
    """Name identity up to accents, case, quotes, dots and leading articles."""
    t = strip_accents(name).casefold().replace("’", "'")
    t = re.sub(r"[\"“”«»]", "", t)
    t = re.sub(r"\b(?:the|el|la|los|las)\s+", "", t)
    t = t.replace(".", "")
    return re.sub(r"[^\w']+", " ", t).strip()




def _declared_aliases(docs: list[Document]) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(full name, nickname, doc id) for people; (name, alias) pairs for bracketed acronyms/translations."""
    nicknames: list[tuple[str, str, str]] = []
    pairs: list[tuple[str, str]] = []
    for doc in docs:
        for m in _NICK_DECL.finditer(doc.text):
            nicknames.append((f"{m['first']} {m['last']}", m["nick"].strip(" ,.;:"), doc.id))
        for mention in doc.mentions:
            tail = doc.text[mention.end:mention.end + 80]
            k = _KNOWN_AS.match(tail) or (_KNOWN_AS_BARE.match(tail) if mention.type == "PERSON" else None)
            if k:
                nicknames.append((mention.text, k["nick"].strip(" ,.;:"), doc.id))
            p = _PAREN.match(tail)
            if p and mention.type in ("ORG", "PLACE"):
                alias = p["alias"].strip()
                if not re.search(r"\d", alias):
                    pairs.append((mention.text, alias))
    return nicknames, pairs


def _add_found_mentions(docs: list[Document], names: dict[str, str]) -> None:
    """Mentions of declared names the parser missed (nicknames in quotes, acronyms), as label 'alias'."""
    for doc in docs:
        taken = Spans((m.start, m.end) for m in doc.mentions)
        for name, typ in names.items():
            for m in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", doc.text):
                if taken.overlaps(m.start(), m.end()):
                    continue
                doc.mentions.append(Mention(doc.id, m.start(), m.end(), name, "alias", typ))
                taken.add(m.start(), m.end())
        doc.mentions.sort(key=lambda x: x.start)


def _split_nickname_mentions(docs: list[Document]) -> None:
    """'Dámaso "El Tordo" Quintero' tagged as one name: the mention becomes the full name, the nickname its own mention."""
    for doc in docs:
        extra = []
        for mention in doc.mentions:
            m = _NICK_INSIDE.search(mention.text)
            if m and mention.type == "PERSON":
                s = mention.start + m.start("nick")
                nick = m["nick"].rstrip(" ,.;:")
                extra.append(Mention(doc.id, s, s + len(nick), nick, "alias", "PERSON"))
        doc.mentions.extend(extra)
        doc.mentions.sort(key=lambda x: x.start)


def _type_votes(docs: list[Document]) -> dict[str, str]:
    # counted in half votes, so every weight is a whole number
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    placed: Counter[str] = Counter()  # mentions after "in", "from", "near" ..., or a document's dateline place
    for doc in docs:
        place = key(doc.dateline.place) if doc.dateline and doc.dateline.place else None
        # the names that speak a direct quote: half a vote for a person ("“…,” Rísquez said"), less than the parser's
        # own label, as companies and police forces speak too
        speakers = {(q.speaker_start, q.speaker_end) for q in doc.quotes if q.kind == "direct"}
        for m in doc.mentions:
            k = key(m.text)
            votes[k][m.type] += 2
            if (m.start, m.end) in speakers:
                votes[k]["PERSON"] += 1
            if title_before(doc.text, m.start) and m.type != "PLACE" or m.label == "PERSON" and m.type == "PERSON":
                votes[k]["PERSON"] += 2
            if _PLACE_PREP.search(doc.text[max(0, m.start - 15):m.start]):
                votes[k]["PLACE"] += 1
                placed[k] += 1
            if place and k == place:
                votes[k]["PLACE"] += 4
                placed[k] += 1
            if _GROUP_BEFORE.search(doc.text[max(0, m.start - 30):m.start]) \
                    or _GROUP_AFTER.match(doc.text[m.end:m.end + 20]):
                votes[k]["ORG"] += 6  # named as a gang or a group: an organisation, whatever it is named after
    people = _people(votes)
    _surname_votes(votes, placed, people)
    types = {}
    for k, counter in votes.items():
        words = set(k.split())
        if words & ORG_WORDS:
            counter["ORG"] += 6 + sum(counter.values())  # an organisational word decides: "Culiacán Police Department"
        elif words & PLACE_WORDS and counter["PERSON"] <= counter["PLACE"] + counter["ORG"]:
            counter["PLACE"] += 4
        types[k] = counter.most_common(1)[0][0]
    _company_short_names(types, people)
    return types


_CONNECTORS = {"de", "del", "la", "las", "los", "y", "van", "von", "of", "and"}


def _people(votes: dict[str, Counter[str]]) -> set[str]:
    """Names the story clearly gives a person: two or three words, none a connector or a group or place word, named at
    least twice, with more than twice as many person votes as place and organisation votes together."""
    kinds = ORG_WORDS | PLACE_WORDS | _CONNECTORS
    return {k for k, c in votes.items() if 2 <= len(k.split()) <= 3 and not set(k.split()) & kinds
            and sum(c.values()) >= 4 and c["PERSON"] > 2 * (c["PLACE"] + c["ORG"])}


def _surname_votes(votes: dict[str, Counter[str]], placed: Counter[str], people: set[str]) -> None:
    """A person's surname alone, or with another first name, is the person's: the small parser types a rare surname
    as a place or a company as often as a person ("Chohan" and "Raj Chohan", "Mo Cheeks" and "Maurice Cheeks"). A
    name the story puts after "in", "from", "near" (or in a dateline) in a quarter of its mentions or more is left to
    its votes: "Washington" can be the city in a story that names George Washington."""
    kinds = ORG_WORDS | PLACE_WORDS | _CONNECTORS
    surnames = {k.split()[-1] for k in people}
    for k, counter in votes.items():
        words = k.split()
        if k in people or len(words) > 2 or words[-1] not in surnames or set(words) & kinds:
            continue
        mentions = (sum(counter.values()) + 1) // 2
        if placed[k] * 4 >= mentions:
            continue
        counter["PERSON"] += sum(counter.values())


def _company_short_names(types: dict[str, str], people: set[str]) -> None:
    """A one-word name that opens a company's name in the same story is the company ("Ford" of "Ford Motor Company",
    "Chrysler" of "Chrysler LLC"), unless the story clearly names a person with it as a surname ("Henry Ford")."""
    for k, typ in list(types.items()):
        if typ != "PERSON" or len(k.split()) != 1:
            continue
        company = any(types[f] == "ORG" and len(w := f.split()) > 1 and w[0] == k and set(w[1:]) <= _CORPORATE
                      for f in types)
        person = any(f.split()[-1] == k for f in people)
        if company and not person:
            types[k] = "ORG"


def _unique_surnames(docs: list[Document], types: dict[str, str]) -> set[str]:
    """Last names of the people named in full, where no two of them share one: worth finding on their own. A
    name the story types as a place or an organisation is no one's surname ("Aragua" of "Tren de Aragua", "Ford" of
    "Ford Motor Company")."""
    owners: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for m in doc.mentions:
            words = m.text.split()
            if m.type == "PERSON" and types.get(key(m.text), "PERSON") != "PLACE" and len(words) >= 2 \
                    and not _NICK_INSIDE.search(m.text) and words[-1][:1].isupper():
                owners[words[-1]].add(key(m.text))
    return {surname for surname, fulls in owners.items() if len(fulls) == 1 and len(surname) > 2
            and types.get(key(surname), "PERSON") == "PERSON"}


def _speaker_mentions(docs: list[Document]) -> None:
    """Everyone quoted by name is an entity: a speaker whose name the parser did not tag becomes a mention."""
    for doc in docs:
        taken = Spans((m.start, m.end) for m in doc.mentions)
        for q in doc.quotes:
            a, b = q.speaker_start, q.speaker_end
            if a is None or b is None or taken.overlaps(a, b):
                continue
            name = doc.text[a:b]
            words = name.split()
            common = set(key(name).split()) & (ORG_WORDS | PLACE_WORDS | _ROLE_WORDS)
            if 1 <= len(words) <= 5 and all(w[:1].isupper() or w in ("de", "del", "y", "van", "von") for w in words) \
                    and name.lower() not in ("he", "she", "it", "they", "we", "i") and not common:
                doc.mentions.append(Mention(doc.id, a, b, name, "speaker", "PERSON"))
                taken.add(a, b)
        doc.mentions.sort(key=lambda x: x.start)


def entity_id(typ: str, name: str) -> str:
    return "ent-" + hashlib.sha1(f"{typ}:{key(name)}".encode()).hexdigest()[:10]


def resolve(story: Story) -> list[Entity]:
    docs = story.documents
    _split_nickname_mentions(docs)
    _speaker_mentions(docs)
    nicknames, pairs = _declared_aliases(docs)
    found_names: dict[str, str] = {}
    for full, nick, doc_id in list(nicknames):
        found_names[nick] = "PERSON"
        found_names[full] = "PERSON"
        # "El Flaco Ruiz" for Juan "El Flaco" Ruiz: the nickname with the surname is the same person
        last = full.split()[-1]
        bare = re.sub(r"^(?:el|la|los|the)\s+", "", nick, flags=re.IGNORECASE)
        for form in {f"{nick} {last}", f"{bare} {last}"} - {full}:
            if len(full.split()) >= 2 and not form.endswith(f"{last} {last}"):
                found_names[form] = "PERSON"
                nicknames.append((full, form, doc_id))
    for name, alias in pairs:
        typ = next((m.type for d in docs for m in d.mentions if m.text == name), "ORG")
        found_names[alias] = typ
    found_names.update({s: "PERSON" for s in _unique_surnames(docs, _type_votes(docs)) if s not in found_names})
    _add_found_mentions(docs, found_names)
    types = _type_votes(docs)
    for doc in docs:  # an outlet is an organisation, whatever the parser thought of its name
        if doc.outlet:
            types[key(doc.outlet)] = "ORG"
    for name, typ in found_names.items():
        types[key(name)] = typ if key(name) not in types or typ == "PERSON" else types[key(name)]

    sets: DisjointSets[str] = DisjointSets()
    node = lambda k: f"{types.get(k, 'ORG')}|{k}"
    keys_by_type: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for m in doc.mentions:
            k = key(m.text)
            if not k:
                continue
            m.type = types.get(k, m.type)
            keys_by_type[m.type].add(k)
            sets.find(node(k))
    why: dict[str, list[str]] = defaultdict(list)
    for full, nick, doc_id in nicknames:
        sets.union(node(key(full)), node(key(nick)))
        why[key(full)].append(f'"{nick}" is given as the nickname of {full} in {doc_id}')
    for name, alias in pairs:
        if types.get(key(name)) == types.get(key(alias)):
            sets.union(node(key(name)), node(key(alias)))
            why[key(name)].append(f"{alias} is given in brackets after {name}")

    # people: one-word names and shorter forms to the one full name that contains them
    people = sorted(keys_by_type.get("PERSON", set()), key=lambda k: -len(k.split()))
    full_names = [k for k in people if len(k.split()) >= 2]
    for k in people:
        words = k.split()
        if len(words) >= 2 and k in full_names and not any(_contains(f, words) and f != k for f in full_names):
            continue
        holders = {sets.find(node(f)) for f in full_names if f != k and _contains(f, words)}
        if len(holders) == 1:
            sets.union(holders.pop(), node(k))
            why[k].append("the only full name in the story that contains it")
    # organisations and places: a shorter name of two or more words inside exactly one longer name of the same type
    for typ in ("ORG", "PLACE"):
        names = sorted(keys_by_type.get(typ, set()), key=lambda k: -len(k.split()))
        for k in names:
            words = k.split()
            if len(words) < 2:
                # "Ford" for "Ford Motor Company": a one-word name that the one longer name opens, the rest of which
                # says what kind of body it is
                longer = {sets.find(node(f)) for f in names if f != k and f.split()[0] == k
                          and set(f.split()[1:]) <= _CORPORATE} if typ == "ORG" else set()
                if len(longer) == 1:
                    sets.union(longer.pop(), node(k))
                continue
            holders = {sets.find(node(f)) for f in names if f != k and _contains(f, words)}
            if len(holders) == 1:
                sets.union(holders.pop(), node(k))

    # a country's or a union's abbreviation and its full name, when the story uses both ("U.S." / "United States")
    present = set().union(*keys_by_type.values()) if keys_by_type else set()
    for short, full in _ABBREVIATIONS.items():
        if short in present and full in present:
            sets.union(node(full), node(short))
            why[full].append(f'"{short.upper()}" is the usual abbreviation of {full.title()}')
    _across_languages(docs, types, sets, node, why)
    clusters: dict[str, list[Mention]] = defaultdict(list)
    for doc in docs:
        for m in doc.mentions:
            if key(m.text):
                clusters[sets.find(node(key(m.text)))].append(m)
    nick_set = {key(n) for _, n, _ in nicknames}
    entities = []
    for root, mentions in clusters.items():
        typ = root.split("|", 1)[0]
        forms = Counter(m.text for m in mentions)
        candidates = [f for f in forms if key(f) not in nick_set] or list(forms)
        name = max(candidates, key=lambda f: (len(key(f).split()), forms[f], len(f)))
        entity = Entity(entity_id(typ, name), name, typ, sorted(f for f in forms if f != name),
                        sorted(mentions, key=lambda m: (m.doc, m.start)))
        entity.evidence = sorted({reason for k in {key(f) for f in forms} for reason in why.get(k, [])})
        for m in mentions:
            m.entity, m.type = entity.id, typ
        entities.append(entity)
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    _link_speakers(docs)
    story.entities = entities
    return entities


def _across_languages(docs: list[Document], types: dict[str, str], sets: DisjointSets[str], node, why) -> None:
    """A name in a Spanish article and the name the English articles of the story use for it: one entity when the
    translator's dictionary renders the one as the other ("Estados Unidos" / "United States")."""
    from .. import translate

    english = {key(m.text) for d in docs if translate.base(d.language) == translate.PIVOT for m in d.mentions}
    for lang in sorted({translate.base(d.language) for d in docs} - {translate.PIVOT}):
        if not english or not translate.available(lang):
            continue
        own = sorted({m.text for d in docs if translate.base(d.language) == lang for m in d.mentions
                      if key(m.text) and key(m.text) not in english})
        try:
            renderings = translate.names(own, lang)
        except translate.Unavailable:  # the translator failed: the story's other stages say so; names stay apart
            continue
        for name, rendered in zip(own, renderings):
            k, r = key(name), key(rendered)
            if r != k and r in english and len(r) > 3 and types.get(k) == types.get(r, types.get(k)):
                sets.union(node(r), node(k))
                why[k].append(f'the translator renders "{name}" ({lang}) as "{rendered}", the name English '
                              "articles of the story use")


def _contains(full: str, words: list[str]) -> bool:
    """`words` appear in `full` in order, as whole words (first and last words of the short form present)."""
    fw = full.split()
    i = 0
    for w in fw:
        if i < len(words) and w == words[i]:
            i += 1
    return i == len(words)


def _link_speakers(docs: list[Document]) -> None:
    """Each quote's speaker (or, for a pronoun, the name it points at) to the entity of the mention there."""
    for doc in docs:
        for q in doc.quotes:
            q.speaker_entity = None
            for a, b in ((q.ref_start, q.ref_end), (q.speaker_start, q.speaker_end)):
                if a is None:
                    continue
                hits = [m for m in doc.mentions if m.start < b and a < m.end and m.entity]
                if hits:
                    q.speaker_entity = max(hits, key=lambda m: m.end - m.start).entity
                    break
