"""Individual medical advice in Spanish, as personal_advice.py and advice.py find it in English:

1. the reader's own situation ("su presión de 158/96", "a su niño de 3 años", "por lo que
   describe", "la foto que nos mandó", "usted, que tiene …", "a la mamá que comentó") and, in that
   sentence or the next, a directive to them ("dele", "tómese", "sáltese", "póngale", "camine") or a
   verdict on it ("no es preocupante", "se ve normal", "eso es gastritis", "no hace falta que venga");
2. a directive that changes a treatment ("deje de tomar", "déjela de golpe", "sáltese dos dosis",
   "tómesela cada tercer día", "media pastilla extra") with a medicine or a dose in the sentence.

General education stays clean: conditionals about people in general ("si tiene diabetes, revise sus
pies"), label text ("no tome más de 1 tableta"), and sentences that send the reader to their own
clinician ("pregunte a su médico antes de suspender", "sin hablar con su médico").
"""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc
from ..findings import Finding, make_finding

L = r"[^\W\d_]"
_RESULT = (r"presión|glucosa|azúcar|potasio|sodio|psa|inr|a1c|hemoglobina|colesterol|triglicéridos|resultados?|análisis"
           r"|laboratorios|radiografía|placa|ultrasonido|tomografía|resonancia|mamografía|biopsia|lunar|sarpullido|ronchas"
           r"|herida|eczema|eccema|asma|tos|fiebre|dolor|bochornos|sangrado|mareo|caso|diabetes|tiroides|receta|medicina"
           r"|medicamento|pastillas?|inhalador|bebé|hij[oa]|niñ[oa]|esposo|esposa|mamá|papá|embarazo|regla|periodo|período"
           r"|mancha|quemadura|golpe|tobillo|rodilla|espalda|garganta|oído|ojo|piel|muela|cabeza|estómago|pecho|peso|nivel")
_SITUATION = re.compile(
    rf"(?<!{L})(?:"
    rf"(?:su|sus)\s+(?:{_RESULT})(?:\s+(?:{L}+\s+){{0,2}}?)?\s*(?:de|en|del|:)?\s*\d"        # "su presión de 158/96"
    rf"|(?:el|la|los|las|con\s+el|con\s+la|con\s+ese|con\s+esa)\s+(?:{_RESULT}|{L}+)\s+(?:{L}+\s+){{0,4}}?de\s+\d"
    rf"[\d.,/]*\s+que\s+le\s+(?:salió|salieron|dio|dieron)"                                   # "el INR de 4.5 que le salió"
    rf"|con\s+(?:ese|esa|esos|esas|este|esta|estos|estas)\s+(?:{_RESULT})"                 # "con ese resultado"
    rf"|(?:{_RESULT})\s+(?:{L}+\s+){{0,3}}?que\s+le\s+(?:salió|salieron|dio|dieron|mandaron)"
    rf"|(?:a|para)\s+su\s+(?:hij[oa]|ni[ñn][oa]|beb[ée]|nen[ea]|esposo|esposa|mamá|papá)\s+de\s+\d+\s+(?:a[ñn]os|meses|semanas)"
    rf"|(?:su|mi)\s+(?:hij[oa]|ni[ñn][oa]|beb[ée])\s+de\s+\d+\s+(?:a[ñn]os|meses|semanas)"
    rf"|(?:a|para)\s+su\s+(?:hij[oa]|ni[ñn][oa]|beb[ée])\s+(?:con|que)"
    rf"|usted,?\s+que|si\s+a\s+usted|ya\s+que\s+usted|en\s+su\s+caso|para\s+su\s+(?:{_RESULT})"
    rf"|sobre\s+su\s+(?:{_RESULT})|por\s+lo\s+que\s+(?:nos\s+)?(?:describe|describió|cuenta|contó|dice)"
    rf"|que\s+(?:nos|me)\s+(?:dijiste|contaste|mandaste|enseñaste|describiste|escribiste)|usted\s+(?:dijo|dice|cuenta|nos\s+dijo)"
    rf"|^\W*(?:hola,?\s+(?!a\s+tod|amig|familia|comunidad|vecin|pacientes|mamás|papás|padres)[a-záéíóúñ]+[,:!]"
    rf"|(?:señora?|señorita|don|doña)(?![a-z])[^.!?\n]{{0,30}}[,:])"
    rf"|como\s+(?:nos\s+)?(?:dice|dijo|cuenta|contó)|que\s+nos\s+(?:describió|describe|contó|mandó|envió|compartió|enseñó)"
    rf"|que\s+(?:describe|describió|menciona|mencionó|cuenta|comenta|comentó)"
    rf"|(?:su|sus)\s+(?:{_RESULT})(?:\s+{L}+){{0,3}}?\s+(?:salió|salieron|le\s+salió|está|están|dio|marca|marcó)"
    rf"|que\s+(?:subió|mandó|envió|compartió)\s+(?:al|a\s+la|en\s+el|por)"
    rf"|(?:a|para)\s+(?:la|el)\s+(?:mamá|papá|señora|señor|persona|comentarista|paciente|joven|muchach[oa])\s+(?:que|del)"
    rf"\s+(?:nos\s+)?(?:comentó|comentario|escribió|preguntó|mensaje|pregunta)"
    rf"|le\s+respondemos|respondiendo\s+a\s+su|ya\s+vimos\s+(?:la|el|su)|vimos\s+su\s+mensaje"
    rf"|to\s+the\s+(?:mom|dad|person|lady)\s+who|your\s+(?:baby|son|daughter|child)\s+de\s+\d"
    rf")(?!{L})")
# The directives: formal imperatives (usted), with or without pronouns, of what one does to one's care.
_DIRECTIVE = re.compile(
    rf"(?<!{L})(?:"
    r"t[oó]mese(?:l[oa]s?)?|t[oó]mel[oa]s?|tome|t[oó]mesel[oa]|d[eé]le|d[eé]nle|d[eé]selo|d[eé]sela|p[oó]ngale|p[oó]ngase|p[oó]ngasel[oa]"
    r"|s[aá]ltese|s[aá]ltel[oa]s?|s[aá]ltese\s+\w+|[eé]chese|[eé]chele|c[oó]mase|coma|camine|qu[ií]tese|qu[ií]tele|esp[eé]rese"
    r"|siga\s+con|sigue\s+con|no\s+se\s+haga|suspenda|susp[eé]ndal[oa]|deje\s+de\s+(?:tomar|usar|ponerse|inyectarse)"
    r"|d[eé]jel[oa]s?|d[eé]jesel[oa]|aumente|duplique|doble|baje\s+(?:la|el|su)|suba\s+(?:la|el|su)|[uú]ntese|apl[ií]quese"
    r"|apl[ií]quele|c[aá]mbiese|cambie\s+(?:a|la|el|su)|h[aá]gase|no\s+vaya|no\s+venga|no\s+lo\s+traiga|no\s+la\s+traiga"
    r"|puede\s+tomar|puede\s+darle|s[ií]\s+puede|inyéctese|báñelo|báñela|ofrézcale|ponga\s+a\s+su|lleve\s+a\s+su"
    r"|can\s+have|give\s+(?:him|her)|dele|regrese\s+a\s+la\s+dosis|vuelva\s+a\s+la\s+dosis|nada\s+de"
    r"|(?:ya\s+)?puede\s+(?:dejar|suspender|quitarse|bajar|subir|aumentar|duplicar|comer|usar|tomar|darle|volver|hacer)"
    r"|ya\s+no\s+(?:tiene|necesita)\s+que\s+tomar|siga\s+(?:tomando|usando|poniéndose|dándole)"
    r"|t[oó]mate(?:l[oa]s?)?|ponte|p[oó]ntel[oa]|dale|d[eé]jal[oa]s?|s[aá]ltate|[eé]chate|c[oó]mete|qu[ií]tate|esp[eé]rate"
    r"|sigue\s+con|suspende|deja\s+de\s+(?:tomar|usar)|aumenta|duplica|[uú]ntate|apl[ií]cate|no\s+le\s+d[eé]"
    r"|no\s+necesita\s+(?:tomar|venir|el\s+tratamiento)"
    r")(?!{L})")
_CLITIC_IMPERATIVE = re.compile(rf"(?<!{L})(?!ángeles)[a-zñ]*[áéíóú][a-zñ]*[aei](?:se|le|la|lo|las|los|les)(?:l[oa]s?)?(?!{L})")
_VERDICT = re.compile(
    rf"(?<!{L})(?:no\s+es\s+(?:preocupante|para\s+tanto|nada\s+grave|grave|nada)|se\s+ve\s+(?:normal|bien|benign[oa])"
    r"|no\s+tiene\s+(?:fractura|nada|infección|cáncer)|eso\s+es\s+\w+|es\s+(?:alergia|gastritis|un\s+virus|ansiedad|normal)"
    r"|no\s+hace\s+falta|no\s+le\s+hace\s+daño|no\s+pasa\s+nada|no\s+es\s+(?:cáncer|peligroso|nada)"
    r"|no\s+(?:necesita|tiene\s+que)\s+(?:ir|venir)|parece\s+(?:migraña|alergia|un\s+virus|gastritis|normal)"
    r"|no\s+hay\s+problema|sin\s+problema|tranquilamente|y\s+listo|y\s+ya(?=\s*[.!]|$)|se\s+le\s+quita|no\s+se\s+preocupe"
    rf")(?!{L})")
# Changes to a treatment, with or without the reader's situation.
_CHANGE = re.compile(
    rf"(?<!{L})(?:deje\s+de\s+(?:tomar|usar|ponerse|inyectarse)|d[eé]jel[oa]s?\s+de\s+golpe|d[eé]jel[oa]s?|s[aá]ltese"
    r"|suspenda|susp[eé]ndal[oa]|duplique|doble\s+la\s+dosis|t[oó]mese(?:l[oa])?\s+(?:media|una|dos|otra)\s+(?:pastilla|tableta|cápsula|dosis)?"
    r"\s*(?:extra|más)|t[oó]mesel[oa]\s+(?:nada\s+más|solo|sólo)\s+cada|cada\s+tercer\s+día|media\s+pastilla\s+extra"
    r"|(?:t[oó]mese|tome|puede\s+tomar)\s+(?:hasta\s+)?\d+\s*(?:gramos|g|mg|cápsulas|pastillas|tabletas)"
    r"|(?:ya\s+)?puede\s+(?:dejar|suspender)|ya\s+no\s+(?:tiene|necesita)\s+que\s+tomar"
    rf")(?!{L})")
_MEDICINE = re.compile(
    rf"(?<!{L})(?:{L}+(?:ina|ona|pril|sart[aá]n|olol|dipino|prazol|azol|micina|cilina|statina|profeno|glutida|mab|xacina|ciclina"
    r"|sona|tida|zida|ida)|insulina|dosis|pastillas?|tabletas?|cápsulas?|inhalador|tylenol|advil|motrin|aspirina|adderall|ozempic"
    rf"|antibióticos?|medicinas?|medicamentos?|crema|pomada|gotas|jarabe)(?!{L})")
# Sending the reader to their own clinician, or declining to advise: general, whatever else is said.
_SENDS_TO_CLINICIAN = re.compile(
    r"(?<!\w)(?:pregunte|pregúntele|hable\s+con|consulte|llame\s+a\s+su|sin\s+hablar\s+con|según\s+(?:le\s+)?indique"
    r"|como\s+se\s+lo\s+(?:recetaron|indicaron)|no\s+podemos\s+(?:dar|darle)|con\s+su\s+médico|a\s+su\s+médico"
    r"|a\s+su\s+pediatra|su\s+farmacéutic[oa]|según\s+(?:la\s+(?:etiqueta|tabla)|el\s+instructivo)|lea\s+(?:la\s+etiqueta|el\s+instructivo))")
# "si su hijo tiene más de 6 meses, …": a condition about readers in general, not one reader's case.
_CONDITION_BEFORE = re.compile(r"(?<!\w)(?:si|cuando|mientras|en\s+caso\s+de\s+que)\s+$")
_NEGATED = re.compile(r"(?<!\w)(?:no|nunca|jamás)\s+(?:\w+\s+)?$")


def _situation(lower: str, start: int, end: int) -> bool:
    return any(not _CONDITION_BEFORE.search(lower, max(0, m.start() - 12), m.start())
               for m in _SITUATION.finditer(lower, start, end))


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    return doc.sentences()


def _first(pattern: re.Pattern[str], lower: str, start: int, end: int) -> re.Match[str] | None:
    for m in pattern.finditer(lower, start, end):
        if pattern is not _DIRECTIVE or not _NEGATED.search(lower, max(0, m.start() - 12), m.start()) \
                or m.group().startswith(("no ", "nada")):
            return m
    return None


def find_spanish_advice(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    lower = doc.lower
    sentences = _sentences(doc)
    flagged: set[int] = set()
    for i, (start, end) in enumerate(sentences):
        sends = _SENDS_TO_CLINICIAN.search(lower, start, end)
        if _situation(lower, start, end):
            # the directive or verdict may come in the next sentence ("Sobre su presión de 158/96. Tómese …")
            for j in (i, i + 1):
                if j >= len(sentences) or j in flagged:
                    continue
                s, e = sentences[j]
                if j != i and _SENDS_TO_CLINICIAN.search(lower, s, e):
                    continue
                m = _first(_DIRECTIVE, lower, s, e) or _first(_VERDICT, lower, s, e) or _first(_CLITIC_IMPERATIVE, lower, s, e)
                if m and not (sends and j == i and not _VERDICT.search(lower, s, e)):
                    flagged.add(j)
                    yield make_finding("advice.individual", m.start(), m.end(), doc.text,
                                       message="This tells one reader what to do about their own situation, "
                                               "which is individual medical advice.")
                    break
        if i in flagged or sends:
            continue
        m = _first(_CHANGE, lower, start, end)
        if m and _MEDICINE.search(lower, start, end):
            flagged.add(i)
            yield make_finding("advice.individual", m.start(), m.end(), doc.text)
