"""Words as every stage compares them: content stems, numbers, negation, hedges, state words and speech verbs.

Everything here is plain string work with offsets, so the structured verifier and the
learned scorer's features can say which words decided a verdict.
"""
from __future__ import annotations

import functools
import re

from .normalize import strip_accents

_WORD = re.compile(r"\w+(?:[.,]\d+)*|\$", re.UNICODE)

STOPWORDS = frozenset(["a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "over", "under", "about", "after", "before", "during", "as", "than", "that", "this", "these", "those", "there", "here", "it", "its", "it's", "he", "she", "they", "them", "his", "her", "their", "him", "we", "us", "our", "you", "your", "i", "me", "my", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does", "did", "will", "would", "shall", "should", "can", "may", "might", "must", "not", "no", "nor", "so", "too", "very", "just", "also", "only", "then", "once", "who", "whom", "whose", "which", "what", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "own", "same", "s", "t", "don", "now", "up", "down", "out", "off", "again", "further", "while", "because", "until", "said", "says", "say", "el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "de", "del", "en", "a", "al", "por", "para", "con", "sin", "que", "se", "su", "sus", "lo", "es", "son", "fue", "fueron", "ha", "han", "como", "más", "mas", "pero", "sobre", "entre", "tras", "este", "esta", "estos", "estas", "ese", "esa", "eso", "dijo", "según", "segun", "le", "les", "ya", "muy"])

NEGATIONS = frozenset(["not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor", "without", "denied", "denies", "deny", "cannot", "nunca", "jamás", "jamas", "ningún", "ninguno", "ninguna", "nadie", "nada", "sin", "negó", "nego", "niega"])
HEDGES = ("allegedly", "alleged", "suspected", "reportedly", "purportedly", "apparently", "believed to", "thought to",
          "could", "may have", "might", "possibly", "probably", "likely", "presunto", "presunta", "presuntamente",
          "supuesto", "supuesta", "supuestamente", "habría", "habrían", "podría", "podrían", "al parecer")
# A source that relays a claim without vouching for it: it is someone's claim, a rumour, unconfirmed, or a question.
DISTANCE = ("reportedly", "allegedly", "alleged", "purportedly", "supposedly", "claimed", "claims", "claiming",
            "rumor", "rumors", "rumour", "rumours", "rumored", "rumoured", "unconfirmed", "unverified",
            "could not be verified", "cannot be verified", "not been verified", "not been confirmed", "if true",
            "speculation", "speculated", "according to", "appears to", "appeared to", "is said to", "are said to",
            "was said to", "were said to", "is believed to", "presuntamente", "supuestamente", "al parecer",
            "según", "sin confirmar", "no confirmado")
# A source that calls something false: a hoax, a fake, a denial.
DENIAL = ("hoax", "hoaxes", "fake", "faked", "false", "falsely", "untrue", "not true", "debunk", "debunked",
          "debunking", "denied", "denies", "deny", "denial", "dismissed", "refuted", "refutes", "no evidence",
          "baseless", "fabricated", "made up", "satire", "satirical", "bogus", "myth", "never happened", "falso",
          "falsa", "bulo", "desmintió", "desmiente", "desmentido", "negó", "niega")
# A claim that a state goes on ("remains", "still") is contradicted by evidence that it ended.
CONTINUING = ("remains", "remain", "remained", "still", "continues to", "continue to", "is still", "sigue", "siguen",
              "permanece", "continúa", "todavía", "aún")
# "…" stands for up to three words: "took the plant back".
ENDED = ("ended", "ends", "no longer", "retook", "retaken", "regained", "recaptured", "was lifted", "were lifted",
         "took back", "took … back", "taken … back", "won … back", "drove … out", "driven … out", "pushed … out",
         "took control", "took … control", "tomaron … control", "tomó … control", "retake", "liberated", "came to an end", "has ended", "was freed", "were freed",
         "was released", "were released", "retoman", "retomaron", "recuperaron", "recuperó", "terminó", "puso fin",
         "ya no", "expulsaron")

_SUFFIXES = ("ations", "ation", "ments", "ment", "ingly", "ings", "ing", "edly", "ies", "ied", "ers", "er", "ed",
             "es", "ly", "s")


def stem(word: str) -> str:
    """A crude English/Spanish stem: enough to match 'raided' with 'raid' and 'prisons' with 'prison'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) for every word; numbers keep their separators stripped ('1,500' → '1500')."""
    return list(_words(text))


# Corroboration reads one claim against every source, and one source sentence for many claims: the same texts come
# back within a story. A few thousand of the latest are kept (each a few kilobytes).
@functools.lru_cache(maxsize=2048)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    out = []
    for m in _WORD.finditer(text):
        w = strip_accents(m.group().casefold())
        if w[:1].isdigit():
            w = w.replace(",", "")
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", w):  # Spanish thousands: 2.000 → 2000
                w = w.replace(".", "")
        out.append((w, m.start(), m.end()))
    return tuple(out)


def content(text: str) -> list[str]:
    """Stems of the words that carry content: no stopwords, no punctuation."""
    return list(_content(text))


@functools.lru_cache(maxsize=2048)
def _content(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w, _, _ in _words(text) if w not in STOPWORDS and w != "$")


def numbers(text: str) -> set[str]:
    return {w for w, _, _ in _words(text) if w[:1].isdigit()}


def has_any(text: str, cues) -> list[str]:
    """The cues (words or phrases; "a ... b" allows up to three words between) the text holds, accents and case
    aside, in the order of `cues`."""
    low = _lowered(text)
    found = []
    for cue in cues:
        pattern, bare, first = _cue(cue)
        if first in low and (pattern.search(low) or bare == "n't"):  # the cue's first words are in every match
            found.append(cue)
    return found


@functools.lru_cache(maxsize=4096)  # a claim or an evidence sentence is tested against several cue lists
def _lowered(text: str) -> str:
    return " " + strip_accents(text.casefold()).replace("’", "'") + " "


@functools.lru_cache(maxsize=4096)
def _cue(cue: str) -> tuple[re.Pattern[str], str, str]:
    c = strip_accents(cue)
    parts = [part.strip() for part in c.replace("…", "...").split("...")]
    pattern = r"(?:\s+\S+){0,3}\s+".join(re.escape(part) for part in parts)
    return re.compile(rf"(?<![\w']){pattern}(?!\w)"), c, parts[0]

# Verbs of saying (lemmas): a quote's cue, a reported claim's verb.
SPEECH_EN = {
    "say", "tell", "state", "claim", "argue", "add", "announce", "insist", "warn", "deny", "explain", "note", "report",
    "write", "declare", "assert", "acknowledge", "admit", "allege", "confirm", "contend", "maintain", "predict",
    "promise", "reply", "respond", "suggest", "testify", "tweet", "post", "ask", "answer", "recall", "describe",
    "call", "charge", "concede", "emphasize", "stress", "observe", "remark", "reiterate", "vow", "pledge", "boast",
    "complain", "conclude", "estimate", "believe", "think", "hope", "fear", "indicate", "show", "reveal", "find",
    "agree", "disclose", "mention", "urge", "told", "quip", "joke", "shout", "yell", "exclaim", "continue", "counter",
    "read", "recount", "put", "recommend", "caution", "lament", "demand", "retort", "bark", "scoff", "whisper", "proclaim",
    "plead", "interject", "chant", "confess", "assure",
}
SPEECH_ES = {
    "decir", "afirmar", "asegurar", "declarar", "señalar", "explicar", "añadir", "agregar", "indicar", "advertir",
    "denunciar", "informar", "reconocer", "negar", "sostener", "destacar", "subrayar", "apuntar", "manifestar",
    "comentar", "precisar", "insistir", "admitir", "confirmar", "anunciar", "aclarar", "relatar", "contar",
    "escribir", "prometer", "considerar", "creer", "estimar", "preguntar", "responder", "acusar", "alegar",
}
# Verbs of a public stance (lemmas): "Carson endorsed Mr. Trump", "Clinton accused him of sexism". They carry no
# clause; their object is what the speaker took a position on, an attribution as news reports it. Verbs with a
# common physical sense ("attack", "question", "dismiss") are left out; "defend" and "blast" count only when a name,
# an organisation or a pronoun does it ("Obama defended his record", not "soldiers defended the town").
STANCE_EN = {
    "endorse", "criticize", "criticise", "praise", "accuse", "condemn", "blame", "applaud", "denounce", "decry",
    "reject", "hail", "oppose", "support", "back", "mock", "ridicule", "slam", "thank", "congratulate", "cite",
    "propose", "discuss", "chide", "rebuke", "scold", "lambaste", "disavow", "repudiate", "express", "defend", "blast",
}
STANCE_ES = {
    "criticar", "elogiar", "alabar", "condenar", "culpar", "respaldar", "apoyar", "rechazar", "aplaudir",
    "felicitar", "agradecer", "proponer", "repudiar", "reprochar",
}
# Verbs that report speech only with their preposition ("referring to the polls", "spoke about the wall"); what
# follows the preposition is the content.
SPOKE_OF_EN = {"refer": ("to",), "talk": ("about",), "speak": ("about", "of", "against"), "point": ("to",)}
SPOKE_OF_ES = {"referir": ("a",), "hablar": ("de", "sobre")}
# Verbs of declining to speak, with what was not said ("declined to comment", "declined to rule out a run").
DECLINE_EN = {"decline", "refuse"}
DECLINE_ES = {"declinar", "rehusar", "negar"}
# What carries words but speaks for no one of its own: a speaker found here is whoever issued it, or no one.
MEDIA = {
    "statement", "release", "ad", "advertisement", "article", "report", "video", "footage", "photo", "picture",
    "letter", "tweet", "post", "email", "e-mail", "memo", "message", "clip", "image", "document", "filing", "sign",
    "banner", "placard", "poster", "cover", "headline", "editorial", "column", "op-ed", "press", "flyer", "mailer",
    "comunicado", "nota", "vídeo", "foto", "carta", "mensaje", "informe", "documento", "pancarta", "cartel",
    "titular", "portada",
}
# Nouns that name a happening in news ("the quake", "the raid", "la fuga"): a claim's event words besides its verbs.
# Written for news of crime, conflict, politics, disasters and courts; a noun made from a verb of the same article
# ("the arrest" beside "arrested") or with a suffix of an action ("-tion", "-ción", "-miento") counts as well.
EVENT_NOUNS_EN = {
    "attack", "assault", "bombing", "blast", "explosion", "fire", "blaze", "shooting", "killing", "murder", "homicide",
    "death", "crash", "collision", "accident", "earthquake", "quake", "aftershock", "tsunami", "flood", "storm",
    "hurricane", "cyclone", "eruption", "landslide", "war", "battle", "clash", "fight", "riot", "protest", "strike",
    "raid", "arrest", "trial", "hearing", "verdict", "election", "vote", "referendum", "deal", "merger", "takeover",
    "launch", "escape", "jailbreak", "breakout", "rescue", "kidnapping", "abduction", "hijacking", "robbery", "theft",
    "heist", "fraud", "scandal", "resignation", "appointment", "nomination", "ceremony", "visit", "meeting", "summit",
    "talks", "speech", "interview", "announcement", "investigation", "probe", "inquiry", "operation", "offensive",
    "invasion", "siege", "coup", "injury", "surgery", "recall", "outbreak", "win", "victory", "defeat",
    "game", "match", "final", "tournament", "concert", "conference", "wedding", "funeral", "overdose", "sentencing",
    "indictment", "conviction", "acquittal", "lawsuit", "suit", "charge", "seizure", "bust", "crackdown", "massacre",
    "ambush", "standoff", "manhunt", "chase", "uprising", "mutiny", "campaign", "debate",
}
EVENT_NOUNS_ES = {
    "ataque", "atentado", "explosión", "incendio", "tiroteo", "asesinato", "homicidio", "muerte", "choque",
    "accidente", "terremoto", "sismo", "tsunami", "inundación", "tormenta", "huracán", "erupción", "guerra",
    "batalla", "enfrentamiento", "pelea", "motín", "protesta", "huelga", "redada", "operativo", "arresto",
    "detención", "captura", "juicio", "audiencia", "veredicto", "sentencia", "elección", "elecciones", "votación",
    "referéndum", "acuerdo", "fuga", "rescate", "secuestro", "robo", "fraude", "escándalo", "renuncia",
    "nombramiento", "visita", "reunión", "cumbre", "discurso", "entrevista", "anuncio", "investigación",
    "operación", "ofensiva", "invasión", "masacre", "golpe", "herida", "cirugía", "brote", "victoria", "derrota",
    "partido", "final", "torneo", "concierto", "conferencia", "boda", "funeral", "sobredosis", "acusación",
    "condena", "demanda", "decomiso", "incautación", "allanamiento", "intervención", "toma", "retoma", "campaña",
    "debate",
}
# Verbs that state a state of mind or of things, not something that happened ("know", "want", "seem"): never an
# event word, like the copulas.
STATIVE_EN = {"be", "have", "seem", "appear", "know", "think", "believe", "want", "need", "like", "hope", "mean",
              "include", "remain", "expect", "feel", "look", "consider", "wish", "understand", "do", "get", "become",
              "let", "try", "use", "go", "come", "make", "take", "give", "keep", "see", "involve", "contain",
              # light verbs: on a real story they group every "related to", "continued", "called" of its sources
              "relate", "belong", "continue", "allow", "set", "provide", "learn", "call"}
STATIVE_ES = {"ser", "estar", "haber", "tener", "parecer", "saber", "pensar", "creer", "querer", "necesitar",
              "gustar", "esperar", "significar", "incluir", "seguir", "quedar", "poder", "deber", "soler", "hacer",
              "ir", "venir", "dar", "tomar", "ver", "considerar", "resultar", "existir", "contar"}
EVENT_SUFFIXES = ("tion", "sion", "ment", "ción", "sión", "miento", "aje")
# Nouns with an action's suffix that name a thing, a body or a state, not a happening ("the government", "la nación").
NOT_EVENT_NOUNS = {
    "government", "department", "management", "parliament", "apartment", "equipment", "environment", "moment",
    "document", "nation", "station", "population", "organization", "organisation", "information", "position",
    "administration", "institution", "condition", "situation", "television", "commission", "division", "version",
    "tension", "pension", "foundation", "association", "federation", "corporation", "generation", "location", "section",
    "relation", "question", "tradition", "reputation", "region", "portion", "proportion", "legislation", "regulation",
    "constitution", "jurisdiction", "vision", "dimension", "mansion", "passion", "percentage", "village", "language",
    "población", "organización", "información", "posición", "administración", "institución", "situación",
    "condición", "televisión", "comisión", "división", "versión", "nación", "estación", "fundación", "asociación",
    "federación", "corporación", "generación", "ubicación", "sección", "relación", "tradición", "constitución",
    "legislación", "regulación", "jurisdicción", "pensión", "tensión", "mansión", "porcentaje", "lenguaje",
    "personaje", "paisaje", "aprendizaje",
}
# The plain verbs of saying: in a claim's own words ("he said he would") they are who spoke, not what happened.
SAID_EN = {"say", "tell", "add", "state", "note", "explain", "claim", "insist", "argue", "comment", "reply", "respond",
           "write", "tweet", "ask", "accord"}
SAID_ES = {"decir", "afirmar", "añadir", "agregar", "señalar", "explicar", "comentar", "indicar", "asegurar",
           "declarar", "sostener", "insistir", "responder", "preguntar", "escribir"}
