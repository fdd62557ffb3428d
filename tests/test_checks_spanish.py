"""The safety gate in Spanish (issue 13): Spanish articles and `--jsonl` rows with "lang": "es" get the
Spanish name, date, age, identifier, place and advice cues; numbers and contacts are found in any language.

The sentences here are written for these tests, not taken from the Spanish case sets
(tests/test_checks_corpus.py scores those)."""
from __future__ import annotations

import json
import unicodedata
import shutil
from pathlib import Path

import pytest

from syndicate.checks import check_jsonl, scan_text
from syndicate.checks.findings import blocks_publication
from tests.sample_practice import sample_allow_list

from .conftest import SAMPLE_NOW, run_cli, write_article

ALLOW = sample_allow_list()
SPANISH = Path(__file__).parent / "data" / "flu-shots-2026.es.md"


def rules(text: str, lang: str = "es") -> set[str]:
    return {f.rule for f in scan_text(text, ALLOW, lang) if blocks_publication(f)}


@pytest.mark.parametrize("text, rule", [
    ("Gracias a doña Rosario Meléndez por traernos tamales después de su cirugía.", "phi.name"),
    ("gracias a doña chela por las flores, ¡ya camina sin bastón!", "phi.name"),
    ("La paciente Guadalupe nos pidió compartir su historia.", "phi.name"),
    ("#FuerzaValentina 💪 nuestra pacientita sigue luchando.", "phi.name"),
    ("El bebé nació el doce de diciembre en nuestra sala de partos.", "phi.date"),
    ("Atendimos al señor el lunes 4 de agosto por la mañana.", "phi.date"),
    ("Nuestro paciente don Refugio cumplió 96 años y vino a su chequeo.", "phi.age"),
    ("La señora que nació en 1931 vino a su cita de seguimiento.", "phi.age"),
    ("Su número de afiliado es 88213390, señora, ya quedó registrado.", "phi.plan_id"),
    ("El expediente 77-21934 pertenece al paciente que llamó ayer.", "phi.mrn"),
    ("Número de seguro social del paciente: 512 44 8371.", "phi.ssn"),
    ("Su placa del carro, 7ABC123, quedó registrada en la entrada, señor.", "phi.vehicle"),
    ("Nuestro paciente dejó su cel: seis uno nueve, cinco cinco cinco, cero uno siete dos.", "phi.phone"),
    ("La familia que vive en el rancho El Mezquite ya recibió sus vacunas.", "phi.address"),
    ("Ayer atendimos a un niño de Orange Cove que se cayó del columpio.", "phi.address"),
    ("El paciente nos autorizó a compartir la huella digital de su registro.", "phi.biometric"),
    ("El único panadero de Lost Hills, nuestro paciente, ya se recupera de su infarto.", "phi.unique"),
    ("A su niño de 3 años dele 5 ml de ibuprofeno cada 8 horas y no hace falta que lo traiga.", "advice.individual"),
    ("Deje de tomar la metformina si le da diarrea, no pasa nada.", "advice.individual"),
    ("Con esa glucosa de 300 que nos dice, duplique la insulina de la noche.", "advice.individual"),
    ("Con ese resultado que le salió, no es preocupante: siga con su vida normal.", "advice.individual"),
    ("Hola Marta, con el azúcar en 250 que nos dijiste, ponte 10 unidades más de insulina.", "advice.individual"),
    # language-independent: found by the same recognizers as in English
    ("Le mandamos la receta al celular del paciente: 323-555-8812.", "phi.phone"),
    ("Correo de la mamá del paciente: lupe.garcia88@gmail.com", "phi.email"),
    ("Vive en 2231 Olive Street, Apt 4, Pomona.", "phi.address"),
])
def test_spanish_cues_flag(text, rule):
    assert rule in rules(text)


@pytest.mark.parametrize("text", [
    "La Dra. Elena Ríos, nuestra ginecóloga, responde preguntas cada viernes.",
    "Nuestra enfermera Rosa Martínez da la plática de diabetes.",
    "Durante la pandemia, el Dr. Anthony Fauci explicó en conferencias de prensa cómo funcionan las vacunas.",
    "Las personas de 90 años o más deben vacunarse contra la gripe cada año.",
    "Cerramos el 4 de julio y el 1 de septiembre por los días festivos.",
    "El 14 de mayo de 1796, Edward Jenner aplicó la primera vacuna contra la viruela.",
    "Si su niño de 2 años tiene fiebre, no le dé aspirina; llame a su pediatra.",
    "No deje de tomar su medicina de la presión aunque se sienta bien; hable con su médico.",
    "Tome agua, use sombrero y descanse en la sombra cuando haga calor.",
    "Si el médico le recetó antibiótico, tómelo completo aunque se sienta mejor.",
    "Hola a todos: esta semana hablamos de la presión alta. Mídala en casa y anótela.",
    "Foto: una enfermera aplica una vacuna (imagen de archivo).",
    "Si tiene dolor de pecho, no espere: llame al 911.",
    "Llame a la clínica al (217) 555-0142 para una cita.",  # the sample practice's own number
])
def test_spanish_education_stays_clean(text):
    assert rules(text) == set()


def test_the_spanish_cues_apply_only_to_spanish_text():
    text = "Gracias a doña Rosario Meléndez por traernos tamales después de su cirugía."
    assert "phi.name" in rules(text, "es") and "phi.name" in rules(text, "es-MX")
    assert rules(text, "en") == set()  # the English rules do not read Spanish honorifics


def test_jsonl_rows_carry_their_language():
    text = "A su hija de 15 años dele 800 mg de ibuprofeno cada 6 horas, sin problema."
    rows = [json.dumps({"id": "es", "text": text, "lang": "es"}), json.dumps({"id": "plain", "text": text})]
    spanish, plain = check_jsonl(rows, ALLOW)
    assert spanish["flag"] is True and {f["rule"] for f in spanish["findings"]} == {"advice.individual"}
    assert plain["flag"] is False


def test_jsonl_refuses_a_language_that_is_not_text():
    with pytest.raises(ValueError, match=r'line 1: "lang" must be a language code such as "es", got 3'):
        list(check_jsonl([json.dumps({"id": "x", "text": "hola", "lang": 3})], ALLOW))


def test_check_jsonl_on_the_command_line_reads_lang(project, tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "a", "text": "La paciente Guadalupe Ortiz ya se recupera.", "lang": "es"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_cli(project, "check", "--jsonl", str(rows), "--format", "json")
    assert result.exit_code == 1 and json.loads(result.output)["flag"] is True


def test_a_spanish_article_is_checked_with_the_spanish_cues(project, monkeypatch):
    """The language comes from the file name (SLUG.es.md) or `lang:`; the sample translation passes."""
    monkeypatch.setenv("SYNDICATE_NOW", SAMPLE_NOW)
    shutil.copy(SPANISH, project / "content" / "articles" / SPANISH.name)
    assert run_cli(project, "check").exit_code == 0, "the sample Spanish article must pass"
    body = "Gracias a doña Rosario Meléndez por traernos tamales después de su cirugía de cadera.\n"
    front = SPANISH.read_text().split("---")[1]
    write_article(project, "tamales.es.md", front.replace("Ya llegaron", "Gracias"), body)
    result = run_cli(project, "check")
    assert result.exit_code == 1 and "tamales.es.md" in result.output and "[phi.name]" in result.output
    assert "doña Rosario Meléndez" in result.output
    # The same text in an article of the site's language is read with the English rules.
    (project / "content" / "articles" / "tamales.es.md").unlink()
    write_article(project, "tamales.md", front, body)
    assert "doña Rosario" not in run_cli(project, "check").output


NAME = "Gracias a doña Rosario Meléndez por traernos tamales después de su cirugía de cadera."
ADVICE = "A su niño de 3 años dele 5 ml de ibuprofeno cada 8 horas y no hace falta que lo traiga."


@pytest.mark.parametrize("text, rule", [
    # decomposed accents, as macOS saves files (attack 02)
    (unicodedata.normalize("NFD", NAME), "phi.name"),
    (unicodedata.normalize("NFD", ADVICE), "advice.individual"),
    # Markdown emphasis on the name or the honorific
    (NAME.replace("Rosario Meléndez", "*Rosario Meléndez*"), "phi.name"),
    (NAME.replace("doña", "**doña**"), "phi.name"),
    # typed without ñ
    (ADVICE.replace("niño", "nino").replace("años", "anos"), "advice.individual"),
    ("Nuestro paciente el senor cumplió 96 anos y vino a su chequeo.", "phi.age"),
    # a Cyrillic look-alike letter in the cue word
    (NAME.replace("doña", "d\u043eña"), "phi.name"),
])
def test_spanish_cues_survive_spelling_variants(text, rule):
    assert any(r.startswith(rule) for r in rules(text)), rules(text)


def test_findings_in_normalised_text_point_at_the_source():
    text = "Hola.\n" + unicodedata.normalize("NFD", NAME)
    found = [f for f in scan_text(text, ALLOW, "es") if f.rule == "phi.name"]
    assert found and all(f.excerpt == text[f.start:f.end] for f in found)
    assert text[found[0].start:found[0].end].startswith("do")


def test_look_alike_letters_are_folded_in_english_too():
    assert "phi.name" in rules("We thank Mrs. Johnson for the cookies after her surgery.", "en")
    assert "phi.name" in rules("We thank Mrs. J\u043ehns\u043en for the cookies after her surgery.", "en")
