"""Advice, images and photos, acceptance markers, readability."""
from __future__ import annotations

import pytest

from syndicate.checks import blocks_publication, readability, scan_image, scan_text
from tests.sample_practice import sample_allow_list

ALLOW = sample_allow_list()


def rules(text: str) -> set[str]:
    return {f.rule for f in scan_text(text, ALLOW) if blocks_publication(f)}


class TestAdvice:
    @pytest.mark.parametrize("text", [
        "You should stop taking your lisinopril until it comes back up.",
        "Skip your evening metformin if you didn't eat dinner.",
        "When the swelling improves, halve your furosemide dose.",
        "I'd recommend you double your vitamin D in winter.",
        "If you're on Eliquis, hold it for two days before your colonoscopy.",
        "Try cutting your Synthroid dose in half.",
        "Your metformin can be stopped for a few days while you have the flu.",
    ])
    def test_individual_advice(self, text):
        assert "advice.individual" in rules(text)

    @pytest.mark.parametrize("text", [
        "Statins lower LDL cholesterol.",
        "Never stop taking a blood thinner without talking to your doctor first.",
        "Ask your doctor or pharmacist before starting any new supplement.",
        "If you miss a dose, take it as soon as you remember. Do not take two doses at once.",
        "Talk with your clinician about whether you should stop aspirin before surgery.",
        "You should drink more water when it's hot out.",
        "Adults can take ibuprofen every 6 hours, up to 4 pills a day.",
    ])
    def test_general_education_is_fine(self, text):
        assert "advice.individual" not in rules(text)


class TestImages:
    def test_missing_alt_text(self):
        assert [f.rule for f in scan_image("/images/oatmeal.jpg", None)] == ["image.alt_missing"]
        assert [f.rule for f in scan_image("/images/oatmeal.jpg", "  ")] == ["image.alt_missing"]
        assert scan_image("/images/oatmeal.jpg", "Bowl of oatmeal with berries") == []

    @pytest.mark.parametrize("src, alt, caption", [
        ("/images/maria-before.jpg", "A weight-loss journey", None),
        ("/img/smile.png", "Patient smiling after surgery", None),
        ("/img/acne.jpg", "Acne treatment", "Before and after six weeks"),
        ("/img/hearing.jpg", "Mr. Kowalski with his new hearing aids", None),
        ("/images/IMG_4471.JPG", "Ulcer on the shin", None),
        ("/images/eyelid.jpg", "A toddler's swollen eyelid", None),
    ])
    def test_photo_that_may_show_a_patient_needs_review(self, src, alt, caption):
        [finding] = scan_image(src, alt, caption)
        assert finding.rule == "photo.review" and finding.severity == "error"

    def test_clinician_and_diagram_photos_need_no_review(self):
        assert scan_image("/images/dr-okafor-talk.jpg", "Dr. Okafor giving a talk", allow=ALLOW) == []
        assert scan_image("/img/skin.svg", "Diagram of a rash on the skin layers") == []

    def test_images_inside_the_text_are_checked(self):
        found = scan_text("Intro.\n\n![](/images/jenny-hospital.jpg)\n", ALLOW)
        assert {f.rule for f in found} >= {"image.alt_missing", "photo.review"}
        assert rules('<img src="/uploads/ruth.jpg" alt="Ruth at her party">') >= {"photo.review"}


class TestAcceptanceMarkers:
    def test_marker_accepts_rule_on_next_non_blank_line(self):
        # (a "Dr." in a professional role is no longer flagged at all, so the marker accepts a private name)
        text = "<!-- accept phi.name: written authorization on file -->\n\nMrs. Alvarez shared her story."
        [finding] = [f for f in scan_text(text, ALLOW) if f.rule == "phi.name"]
        assert finding.accepted == "written authorization on file"
        assert rules(text) == set()

    def test_marker_on_same_line_and_only_for_its_rule(self):
        text = "Mrs. Alvarez called 217-555-0199. <!-- accept phi.name: signed release on file -->"
        assert rules(text) == {"phi.phone"}

    def test_marker_does_not_reach_further_lines(self):
        text = "<!-- accept phi.name: public figure -->\nDr. Salk.\nMrs. Alvarez came in."
        assert rules(text) == {"phi.name"}

    def test_marker_without_reason_is_an_error_and_accepts_nothing(self):
        assert rules("<!-- accept phi.name -->\nMrs. Alvarez agreed.") == {"accept.reason_missing", "phi.name"}

    def test_unknown_rule(self):
        found = rules("<!-- accept phi.nmae: typo -->\nMrs. Alvarez agreed.")
        assert found == {"accept.unknown_rule", "phi.name"}

    def test_several_rules_in_one_marker(self):
        text = "<!-- accept phi.name, phi.phone: the practice's own founder and line -->\nMrs. Alvarez: 217-555-0199"
        assert rules(text) == set()


class TestReadability:
    HARD = ("Hypercholesterolemia management necessitates comprehensive pharmacological intervention, "
            "particularly utilizing hydroxymethylglutaryl-coenzyme inhibitors, alongside considerable "
            "dietary modification emphasizing polyunsaturated alternatives. ") * 12
    EASY = "Walk every day. Eat more greens. Sleep well at night. Call us if you feel sick. " * 12

    def test_warning_above_target_states_both_grades(self):
        finding = readability("# Cholesterol\n\n" + self.HARD, target_grade=8)
        assert finding is not None and finding.severity == "warning" and finding.rule == "readability.grade"
        assert "Flesch-Kincaid" in finding.message and "SMOG" in finding.message and "grade 8" in finding.message

    def test_no_warning_when_plain(self):
        assert readability("# Move more\n\n" + self.EASY, target_grade=8) is None

    def test_markdown_is_stripped_before_scoring(self):
        noisy = "```\n" + self.HARD + "\n```\n![x](/a.png)\n" + self.EASY
        assert readability(noisy, target_grade=8) is None
