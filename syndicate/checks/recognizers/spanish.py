"""Spanish cues for the safety gate (issue 13): who a sentence is about, and the Spanish forms of
the identifiers whose English recognizers key on English words (labels, dates in words, ages,
honorifics, places below a state, photos, biometrics, rare roles).

Numbers, phones, e-mails, URLs, IPs and street addresses need no words and are found by the English
recognizers, which run on Spanish text too (scan.scan_text). Individual advice in Spanish is in
spanish_advice.py. Cue words carry their accents ("señora", "años"); a few common spellings without
them ("senora", "nino", "bebe") are matched too. Patterns on lower-case words run on Doc.lower; those
that need a capital (names, places, rare roles) run on Doc.text with their cue words made case-blind.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc
from ..findings import Finding, make_finding
from ...locales import base_language

L = r"[^\W\d_]"  # a letter, accented or not
_UPPER = r"[A-ZÁÉÍÓÚÑÜ]"
_CAP_WORD = rf"{_UPPER}{L}+(?:-{_UPPER}{L}+)?"

# ---- who the sentence is about ------------------------------------------------------------------
# One person the practice cares for, or a visit: "la paciente", "nuestro pacientito", "el señor",
# "doña", "a su hijo", "la niña que operamos", "fue atendida", "falleció", "nació".
_ONE_PERSON = (r"pacient(?:e|it[oa])|señor(?:a|ita)?|senor(?:a|ita)?|sr\.|sra\.|srta\.|don|doña|dona|niñ[oa]|nin[oa]"
               r"|bebé|bebe|bebita|bebito|hij[oa]|mamá|papá|abuel(?:it)?[oa]|bisabuel[oa]|muchach(?:it)?[oa]|joven|hombre"
               r"|mujer|chic[oa]|viud[oa]|espos[oa]|vecin[oa]|trabajador(?:a)?|comentarista|nieto|nieta|señorito"
               r"|dueñ[oa]|chofer|bombero|maestr[oa]|alcalde(?:sa)?")
ES_PERSON_CUE = re.compile(
    rf"(?<!{L})(?:(?:el|la|al|del|nuestr[oa]|su|un|una|este|esta|ese|esa|aquel|aquella|mi)\s+(?:{L}+\s+){{0,2}}?"
    rf"(?:{_ONE_PERSON})(?!{L})"
    r"|(?:operamos|atendimos|atendid[oa]|internad[oa]|hospitalizad[oa]|dad[oa]\s+de\s+alta|falleci\w*|muri[oó]|naci[oó]"
    r"|dio\s+a\s+luz|tuvo\s+(?:cuatrillizos|trillizos|gemel[oa]s|quintillizos|un\s+beb[eé]|una\s+beb[eé]|su\s+beb[eé])"
    r"|se\s+recupera|ingres[oó]|fue\s+diagnosticad[oa]|diagnosticamos|vino\s+a|nos\s+visit[oó]|nos\s+coment[oó]"
    r"|nos\s+(?:escribi[oó]|mand[oó]|envi[oó])|su\s+(?:cirug[ií]a|infarto|parto|operaci[oó]n|trasplante|diagn[oó]stico|cita"
    r"|quimio|tratamiento|recuperaci[oó]n|rehabilitaci[oó]n|di[aá]lisis|pr[oó]tesis)|tuvo\s+un\s+(?:infarto|derrame|accidente)|se\s+perdi[oó]|fue\s+encontrad[oa]|vive\s+(?:en|frente|cerca|por)"
    r"|trabaja\s+en|a\s+sus\s+\d+|cumpli[oó]|cumple\s+\d+|celebr[oó]\s+sus)"
    rf")(?!{L})")
# People in general ("los pacientes", "las personas de 90 años o más") are no one in particular.


def about_someone(doc: Doc, start: int, end: int) -> bool:
    return bool(ES_PERSON_CUE.search(doc.lower, start, end))


def _person_sentences(doc: Doc) -> list[tuple[int, int]]:
    return [(s, e) for s, e in doc.sentences() if about_someone(doc, s, e)]


# ---- labelled identifiers -----------------------------------------------------------------------
# What sits between a Spanish label and its value: "núm.", "número", "no.", "#", ":", "es", "de".
_SEP = r"(?:\s*(?:n[uú]m(?:ero)?\.?|n[o°º]\.?|n\.º|#|id|es|era|:|,|\(|\)|[\"“'‘]|terminad[oa]\s+en|que\s+termina\s+en))*\s*"
_VALUE = r"(?=[A-Za-z0-9.-]*\d)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"
_GROUPED = rf"(?:[A-Z0-9]+(?:[\s.-][A-Z0-9]{{2,}}){{1,3}}(?<=\d)(?![\w])|(?:[A-Z]{{1,4}}\s+)?{_VALUE})"
_PLATE = r"(?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{1,5}(?![\w])"

_LABELS = (
    ("phi.mrn", r"expediente(?:\s+cl[ií]nico|\s+m[eé]dico)?|historia\s+cl[ií]nica|(?-i:HC)|n[uú]mero\s+de\s+(?:expediente|historia)"
                r"|registro\s+m[eé]dico|ficha(?:\s+cl[ií]nica)?"),
    ("phi.plan_id", r"(?:n[uú]mero\s+de\s+)?(?:beneficiari[oa]|afiliad[oa]|asegurad[oa]|miembro|p[oó]liza|socio)"
                    r"|(?:tarjeta|credencial)\s+(?:del|de(?:l)?\s+su)\s+(?:seguro|plan)(?:\s+m[eé]dico)?"
                    r"|medi-?cal|medicaid|medicare|(?-i:ID)\s+de\s+[\w\s-]{2,50}?(?=,|\s+[A-Z0-9]{2,}\s*\d)"),
    ("phi.account", r"(?:n[uú]mero\s+de\s+)?cuenta(?:\s+bancaria|\s+de\s+(?:paciente|cliente|banco|ahorros|cheques))?|factura"
                    r"|tarjeta\s+de\s+(?:cr[eé]dito|d[eé]bito)"),
    ("phi.license", r"licencia(?:\s+de\s+(?:manejo|manejar|conducir|conductor))?(?:\s+de\s+[A-Z][\w]+)?"
                    r"|acta\s+de\s+(?:nacimiento|defunci[oó]n|matrimonio)|certificado(?:\s+de\s+\w+)?|pasaporte|matr[ií]cula"
                    r"|c[eé]dula(?:\s+profesional)?|credencial(?:\s+de\s+elector)?|(?-i:INE|CURP|ITIN)|permiso(?:\s+de\s+\w+)?"),
    ("phi.device", r"(?:n[uú]mero\s+de\s+)?serie|(?-i:S/N|UDI|IMEI)|lote"),
    ("phi.ssn", r"(?:n[uú]mero\s+de(?:l)?\s+)?seguro\s+social|(?-i:SSN|NSS)"),
)
_LABELLED = tuple((rule, re.compile(rf"(?<!{L})(?i:{label}){_SEP}(?P<value>{_GROUPED})"))
                  for rule, label in _LABELS)
_PLATES = re.compile(rf"(?<!{L})(?i:(?:placas?|matr[ií]cula|tablilla)(?:\s+(?:del|de\s+su)\s+(?:carro|auto|coche|camioneta|troca|veh[ií]culo))?){_SEP}(?P<value>{_PLATE})")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _id_like(value: str) -> bool:
    core = re.sub(r"[\s.-]", "", value)
    return len(core) >= 4 and not _YEAR.fullmatch(core)


# Digits said in words: "seis uno nueve, cinco cinco cinco, cero uno siete dos".
_DIGIT_WORDS = r"(?:cero|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
_SPOKEN_DIGITS = re.compile(rf"(?<!{L}){_DIGIT_WORDS}(?:[\s,.-]+{_DIGIT_WORDS}){{6,}}(?!{L})")


def find_spanish_ids(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for rule, pattern in _LABELLED:
        for m in pattern.finditer(text):
            if _id_like(m.group("value")):
                yield make_finding(rule, m.start(), m.end("value"), text)
    for m in _PLATES.finditer(text):
        yield make_finding("phi.vehicle", m.start(), m.end("value"), text)
    for m in _SPOKEN_DIGITS.finditer(doc.lower):
        digits = len(re.findall(_DIGIT_WORDS, m.group()))
        rule = "phi.phone" if digits in (7, 10, 11) and not re.search(r"(?i)expediente|chart|historia|cuenta|serie",
                                                                        text[max(0, m.start() - 30):m.start()]) else "phi.code"
        yield make_finding(rule, m.start(), m.end(), text)


# ---- dates tied to a person ---------------------------------------------------------------------
_MONTH = r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
_DAY_WORDS = (r"primero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince"
              r"|dieci\w+|veinte|veinti\w+|treinta(?:\s+y\s+uno)?")
_WEEKDAY = r"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo"
_DATE = re.compile(
    rf"(?<!{L})(?:(?:el|del|al)\s+)?(?:pasado\s+)?(?:(?:{_WEEKDAY})\s+)?(?:\d{{1,2}}|{_DAY_WORDS})\s+de\s+(?:{_MONTH})"
    rf"(?:\s+(?:de|del)\s+(?P<year>\d{{4}}))?(?!{L})"
    rf"|(?<!{L})(?:el|del)\s+(?:{_WEEKDAY})\s+pasado,?\s+(?:el\s+)?\d{{1,2}}(?!\d)"
    r"|(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?P<numeric_year>\d{4}|\d{2})(?![\d/.-])")
# The practice's own dates: hours, closures, clinics, classes, deadlines.
_EVENT_DATE = re.compile(r"(?<!\w)(?:horario|cerrad[oa]s?|abrimos|abriremos|abrirá|clínica\s+de|clase|taller|feria|plática"
                         r"|campaña|jornada|inscripci[oó]n|fecha\s+l[ií]mite|a\s+partir\s+del?|desde\s+el\s+\d|hasta\s+el"
                         r"|sin\s+cita|festiv)")


def find_spanish_dates(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    for start, end in _person_sentences(doc):
        if _EVENT_DATE.search(doc.lower, start, end):
            continue
        for m in _DATE.finditer(doc.lower, start, end):
            year = m.group("year") or m.group("numeric_year")
            if year and len(year) == 4 and int(year) < 1900:
                continue  # history: "el 14 de mayo de 1796"
            yield make_finding("phi.date", m.start(), m.end(), doc.text)


# ---- ages over 89 ----------------------------------------------------------------------------
_TENS = r"noventa(?:\s+y\s+(?:un[oa]?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?|cien|ciento\s+\w+"
_AGE = re.compile(rf"(?<![\w.,])(?P<n>\d{{2,3}}|{_TENS})\s+a[ñn]os(?!\s+(?:de\s+(?:historia|servicio|experiencia|trabajo|casad)"
                  r"|o\s+más|y\s+más|en\s+adelante|o\s+mayores|\+))")
_GROUP_BEFORE = re.compile(r"(?:personas|adultos|mayores|pacientes|quienes|todos|todas|hombres|mujeres|más|hace"
                           r"|durante|desde)\s+(?:de\s+)?(?:más\s+de\s+)?$")


def _value(n: str) -> int:
    if n.isdigit():
        return int(n)
    return 100 if n.startswith(("cien", "ciento")) else 90


# "nació en 1931": a birth year of someone now 90 or older is an age over 89.
_BORN_IN = re.compile(r"(?<!\w)(?:naci[oó]|nacid[oa])\s+(?:en(?:\s+el\s+año)?|el\s+año)\s+(?:de\s+)?(?P<year>(?:18|19)\d\d)")


def find_spanish_ages(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    from ... import clock
    for m in _BORN_IN.finditer(doc.lower):
        if clock.now().year - int(m.group("year")) >= 90 and about_someone(doc, *doc.sentence(m.start())):
            yield make_finding("phi.age", m.start(), m.end(), doc.text)
    if "años" not in doc.lower and "anos" not in doc.lower:  # typed without ñ too
        return
    for start, end in _person_sentences(doc):
        for m in _AGE.finditer(doc.lower, start, end):
            if _value(m.group("n")) < 90 or _GROUP_BEFORE.search(doc.lower, max(0, m.start() - 25), m.start()):
                continue
            yield make_finding("phi.age", m.start(), m.end(), doc.text)


# ---- names ----------------------------------------------------------------------------------------
# On doc.text: honorifics, "la familia X", "#TeamMaite", "X, nuestra paciente", "paciente X".
_NAME = rf"{_CAP_WORD}(?:\s+(?:de\s+(?:la\s+|los\s+)?)?{_CAP_WORD}){{0,2}}"
# Markdown emphasis on the honorific or the name ("doña *Rosario*", "**doña** Rosario") hides neither.
_EM = r"[*_]{0,3}"
_HONORIFIC = re.compile(rf"(?<!{L})(?P<hon>[Dd]o[nñ]a?|[Ss]eñora?|[Ss]eñorita|Sr\.|Sra\.|Srta\.){_EM}\s+{_EM}(?P<name>{_NAME})")
# Honorifics take lower-case names too ("doña chuy martínez"): words after them up to an everyday word.
_LOWER_HONORIFIC = re.compile(rf"(?<!{L})(?:don|doña|dona){_EM}\s+{_EM}(?P<name>[a-záéíóúñü]+(?:\s+[a-záéíóúñü]+)?)")
_FAMILY = re.compile(rf"(?<!{L})[Ff]amilia\s+(?P<name>{_CAP_WORD})")
_PATIENT_NAME = re.compile(rf"(?<!{L})(?i:pacient(?:e|it[oa])|hij[oa]|niñ[oa]|bebé|esposo|esposa|mamá|papá|nieto|nieta)"
                           rf",?{_EM}\s+{_EM}(?P<name>{_NAME})")
_NAME_THEN_PATIENT = re.compile(rf"(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD})?),\s+(?:nuestr[oa]|mi|la|el)\s+"
                                rf"(?:{L}+\s+)?pacient(?:e|it[oa])")
_THANKS = re.compile(rf"(?<!{L})(?i:gracias,?\s+(?:a\s+)?|felicidades,?\s+(?:a\s+)?|felicitamos\s+a|bienvenid[oa]\s+(?:de\s+nuevo\s+)?a?"
                     rf"|bienvenid[oa]\s+a\s+casa,?|que\s+te\s+mejores,?|feliz\s+cumpleaños,?"
                     rf"|en\s+memoria\s+de|descanse\s+en\s+paz|recordamos\s+a|orgullosos\s+de)\s*(?P<name>{_NAME})")
_TEAM_TAG = re.compile(rf"#(?:Team|Equipo|Fuerza|Oremos(?:Por)?|Todos(?:Con)?|Ánimo|Animo)(?P<name>{_UPPER}{L}+)")
# A clinician or staff member in their role, or a public figure: not a patient.
# Who works at a practice: "médica familiar", "nuestra ginecóloga", "promotora de salud".
_STAFF_ROLES = (r"médic[oa]|pediatra|enfermer[oa]|farmacéutic[oa]|dentista|recepcionista|cirujan[oa]|terapeuta|partera"
                r"|asistente|gerente|obstetra|especialista|técnic[oa]|intérprete|coordinador[a]?|administrador[a]?|voluntari[oa]"
                r"|promotor[a]?\s+de\s+salud|trabajador[a]?\s+social|quiropráctic[oa]|optometrista|fisioterapeuta"
                r"|[a-záéíóúñ]+ólog[oa]|[a-záéíóúñ]+iatra")
_TITLE = re.compile(rf"(?i:Dr|Dra|Doctor|Doctora|Lic|Licenciada?|Enf|Enfermer[oa]|Ing|Prof|Profesora?)\.?\s+$")
_STAFF_ROLE = re.compile(rf"(?i)\s*,?\s*(?:nuestr[oa]\s+|la\s+|el\s+)?(?:{_STAFF_ROLES}|doctor[a]?|md|do|np|pa-c|rn|phd|pharmd|lcsw)\b")
_STAFF_BEFORE = re.compile(rf"(?i)(?:nuestr[oa]s?|la|el)\s+(?:{_STAFF_ROLES})"
                           r"(?:\s+\w+)?,?\s+(?:(?:la|el)\s+)?(?:Dra?\.\s+)?$")
# "nuestra recepcionista Graciela “Doña Chela” Fuentes": a nickname inside a staff member's name.
_STAFF_NAMED_BEFORE = re.compile(rf"(?i:nuestr[oa]s?|la|el)\s+(?i:{_STAFF_ROLES})"
                                 rf"(?:\s+{_CAP_WORD})+\s*[“\"'‘(]\s*(?:(?i:do[nñ]a?|señora?)\s+)?$")
_PUBLIC_ROLE = re.compile(r"(?i)(?:secretari[oa]|gobernador[a]?|president[ea]|senador[a]?|jue[zs]a?|cirujan[oa]\s+general"
                          r"|conferencias?\s+de\s+prensa|ha\s+contado\s+públicamente|lleva\s+el\s+nombre|premio\s+nobel"
                          r"|la\s+primera\s+(?:mujer|hispana|latina)|el\s+primer\s+(?:hombre|hispano|latino)|actriz|actor|cantante"
                          r"|firmó\s+la\s+ley|corte\s+suprema|congresista|alcalde\s+de\s+(?:los\s+ángeles|nueva\s+york|chicago))")
# Care the practice gave: a public figure in such a sentence is a patient all the same.
_CARE = re.compile(r"(?<!\w)(?:pacient\w*|atend\w+|operamos|diagnostic\w+|cirugía|infarto|diálisis|consulta|se\s+recupera"
                   r"|internad[oa]|hospitalizad[oa]|dad[oa]\s+de\s+alta|falleci\w*|tratamiento|vino\s+a)")
_NOT_NAMES = frozenset("""dios día mes año semana salud clínica centro hospital enfermedad síndrome virus vacuna
familiar familia medicare medicaid medi-cal estados unidos california texas méxico quijote""".split())


def staff_or_public(doc: Doc, start: int, end: int) -> bool:
    """A clinician introduced by title or role, or a public figure in a public role: not a patient."""
    text = doc.text
    if _TITLE.search(text, max(0, start - 14), start) or _STAFF_BEFORE.search(text, max(0, start - 45), start) \
            or _STAFF_NAMED_BEFORE.search(text, max(0, start - 70), start):
        return True
    if _STAFF_ROLE.match(text, end):
        return True
    s, e = doc.sentence(start)
    return bool(_PUBLIC_ROLE.search(text, s, e)) and not _CARE.search(doc.lower, s, e)


def _name_ok(doc: Doc, allow: AllowList, start: int, name: str, honorific: str | None = None) -> bool:
    first = name.split()[0].lower()
    if first in _NOT_NAMES or allow.allows_name(name, honorific):
        return False
    return not staff_or_public(doc, start, start + len(name))


def _lower_name(doc: Doc, m: re.Match[str]) -> tuple[int, str] | None:
    from .spanish_words import everyday
    words = []
    for word in m.group("name").split():
        if everyday(word):
            break
        words.append(word)
    return (m.start("name"), " ".join(words)) if words else None


def find_spanish_names(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for pattern in (_HONORIFIC, _FAMILY, _PATIENT_NAME, _NAME_THEN_PATIENT, _THANKS):
        for m in pattern.finditer(text):
            name = m.group("name")
            hon = m.groupdict().get("hon")
            if _name_ok(doc, allow, m.start("name"), name, hon):
                yield make_finding("phi.name", m.start(), m.end("name"), text)
    for m in _LOWER_HONORIFIC.finditer(doc.lower):
        if text[m.start("name")].isupper():
            continue  # capitalised: _HONORIFIC's
        found = _lower_name(doc, m)
        if found:
            yield make_finding("phi.name", m.start(), found[0] + len(found[1]), text)
    for m in _TEAM_TAG.finditer(text) if "#" in text else ():
        yield make_finding("phi.name", m.start(), m.end(), text, message="This hashtag names a person, which can identify a patient.")


# ---- places below a state tied to a person ------------------------------------------------------
_SETTLEMENT = (r"colonia|fraccionamiento|barrio|vecindario|rancho|ranchería|ejido|pueblito|pueblo|caserío|aldea"
               r"|parque\s+de\s+casas\s+móviles|trailas|apartamentos|condominios|residencial|unidad\s+habitacional|condado")
_PLACE = re.compile(rf"(?<!{L})(?i:{_SETTLEMENT})\s+(?:de\s+|del\s+)?(?P<place>{_CAP_WORD}(?:\s+(?:de\s+)?{_CAP_WORD}){{0,3}})")
_LIVES_IN = re.compile(rf"(?<!{L})(?i:vive|viven|vivía|vecin[oa]|originari[oa]|residente)\s+(?i:en|de|frente\s+a|cerca\s+de|por)"
                       rf"\s+(?:(?i:la|el|los|las)\s+)?(?:{L}+\s+){{0,4}}?(?P<place>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})")
_NAMED_PLACE_AFTER = re.compile(rf",?\s+en\s+(?P<place>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})")
# "un niño de Orange Cove", "la señora de Huntington Park": a person from a town (a US place, not a state).
_FROM_TOWN = re.compile(rf"(?<!{L})(?i:{_ONE_PERSON})\s+(?i:de|del)\s+(?P<place>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})")


def _town(name: str) -> bool:
    from ..gazetteers import STATE_NAMES, us_places
    plain = name.replace("á", "a").replace("é", "e").replace("í", "i").replace("ó", "o").replace("ú", "u")
    return plain not in STATE_NAMES and (plain in us_places() or name in us_places())


def find_spanish_places(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for start, end in _person_sentences(doc):
        for m in _FROM_TOWN.finditer(text, start, end):
            if _town(m.group("place")) and not allow.allows_place(m.group("place")):
                yield make_finding("phi.address", m.start("place"), m.end("place"), text)
        for pattern in (_PLACE, _LIVES_IN):
            for m in pattern.finditer(text, start, end):
                if allow.allows_place(m.group("place")):
                    continue
                stop = m.end("place")
                if after := _NAMED_PLACE_AFTER.match(text, stop):
                    stop = after.end("place")
                yield make_finding("phi.address", m.start(), stop, text)


# ---- photos, biometrics, rare roles ---------------------------------------------------------------
_PHOTO = re.compile(r"(?<!\w)(?:selfie|foto(?:grafía)?s?|retratos?|videos?|imagen(?:es)?|grabación|la\s+cara\s+de)(?!\w)")
_SHARED = re.compile(r"(?<!\w)(?:compartimos|publicamos|subimos|miren|mire|vean|aquí\s+(?:está|les)|imagen:|foto:|video:"
                     r"|que\s+nos\s+(?:mandó|envió|compartió)|con\s+su\s+permiso)")
_BIOMETRIC = re.compile(r"(?<!\w)(?:huellas?\s+(?:digital(?:es)?|dactilar(?:es)?|de\s+(?:voz|la\s+voz))|escaneo\s+de\s+(?:retina|iris)"
                        r"|(?:patrón|imagen)\s+(?:de\s+(?:la\s+)?)?(?:retina|iris|venas)|reconocimiento\s+facial|forma\s+de\s+caminar"
                        r"|perfil\s+(?:genético|de\s+adn)|(?:resultados?|prueba)\s+de\s+adn|biométric\w+)")
_ROLE_NOUN = (rf"alcalde(?:sa)?|sheriff|párroco|sacerdote|pastor[a]?|director[a]?|jefe|jefa|dueñ[oa]|chofer|cantante"
              rf"|entrenador[a]?|maestr[oa]|bombero|jueza?|presidente|presidenta|regidor[a]?|{L}+ista|{L}+ero|{L}+era")
_UNIQUE = re.compile(
    rf"(?<!{L})(?:el|la)\s+(?:únic[oa]|primer[oa]?|últim[oa])\s+(?:{L}+\s+){{0,2}}?(?:{_ROLE_NOUN}|{_ONE_PERSON})s?\s+"
    rf"(?:{L}+\s+){{0,3}}?(?:de|del|en)\s+(?:{L}+\s+){{0,2}}?(?-i:{_UPPER})"
    rf"|(?<!{L})(?:el|la)\s+(?:{_ROLE_NOUN})\s+(?:principal\s+|únic[oa]\s+|mayor\s+)?(?:de|del|en)\s+(?:{L}+\s+){{0,4}}?(?-i:{_UPPER})"
    rf"|(?<!{L})(?:el|la)\s+(?:{L}+\s+){{0,2}}?que\s+(?:perdió|ganó|sobrevivió|salió\s+en\s+las\s+noticias)\s+(?:{L}+\s+){{0,4}}?"
    r"(?:en\s+el|en\s+la|del|de\s+la)\s+(?:incendio|accidente|explosión|tiroteo|choque|noticias|lotería)"
    rf"|(?<!{L})(?:cuatrillizos|quintillizos|sextillizos)|(?<!{L})se\s+hizo\s+viral|(?<!{L})salió\s+en\s+(?:las\s+)?(?:noticias|la\s+tele)"
    rf"|(?<!{L})ganador[a]?\s+de(?:l|\s+la)?\s+(?:{L}+\s+)?(?:lotería|concurso|premio|campeonato|maratón)"
    rf"|(?<!{L})campe[oó]n[a]?\s+(?:estatal|nacional|mundial|del\s+condado)", re.IGNORECASE)


# "el dentista de la clínica en Pacoima": a staff role, not a rare one.
_STAFF_MATCH = re.compile(rf"(?:el|la)\s+(?:{_STAFF_ROLES})(?!{L})")


def find_spanish_quasi(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    lower = doc.lower
    for start, end in _person_sentences(doc):
        if (m := _BIOMETRIC.search(lower, start, end)):
            yield make_finding("phi.biometric", m.start(), m.end(), doc.text)
        if (m := _PHOTO.search(lower, start, end)) and _SHARED.search(lower, start, end):
            yield make_finding("phi.unique", m.start(), m.end(), doc.text,
                               message="This shares a photo or video of a patient; a full-face image identifies them.")
        if ((m := _UNIQUE.search(doc.text, start, end)) and not staff_or_public(doc, m.start(), m.end())
                and not _STAFF_MATCH.match(doc.lower, m.start())):
            yield make_finding("phi.unique", m.start(), m.end(), doc.text)


def find_spanish(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    from .spanish_advice import find_spanish_advice
    yield from find_spanish_ids(doc, allow)
    yield from find_spanish_dates(doc, allow)
    yield from find_spanish_ages(doc, allow)
    yield from find_spanish_names(doc, allow)
    yield from find_spanish_places(doc, allow)
    yield from find_spanish_quasi(doc, allow)
    yield from find_spanish_advice(doc, allow)


_TITLED = re.compile(r"(?:Dr|Dra|Doctor|Doctora)\.?\s+")
_REST_OF_NAME = re.compile(rf"[^\s,.;:]*(?:\s+{_CAP_WORD}){{0,3}}")


def keep_english_name(doc: Doc, finding: Finding) -> bool:
    """An English recognizer's name in Spanish text, unless Spanish cues show a clinician in their role
    ("la Dra. María Elena Ruiz, médica familiar") or a public figure ("como Secretario de Salud")."""
    start = finding.start
    if titled := _TITLED.match(doc.text, start):
        start = titled.end()
    end = _REST_OF_NAME.match(doc.text, finding.end).end()
    return not staff_or_public(doc, start, end)


def is_spanish(lang: str | None) -> bool:
    # "ES", "es_MX", " es", "spa": one rule with the articles' language
    return base_language(lang) == "es"
