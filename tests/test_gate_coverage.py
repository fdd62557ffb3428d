"""Nothing public escapes the gate: every way around it that a review found, through `check`,
`build` and `post` (issue 10). Each case here passed all three before the gate covered it."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from syndicate.checks import blocks_publication, scan_text
from syndicate.checks.address import scan_address
from tests.sample_practice import sample_allow_list
from syndicate.checks.visible import reader_view

from .conftest import ROOT, VALID_FRONT, write_article
from .test_gate import run

ALLOW = sample_allow_list()
PHI = "Thank you to Maria Alvarez, who called us from (217) 555-0199 after her visit.\n"


def page(project, name, text):
    path = project / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Each bypass: (what it writes into the project, the file the gate must name).
BYPASSES = {
    "non-article page": lambda p: page(p, "thanks.md", "---\ntitle: Thank you\n---\n\n" + PHI),
    "page in a folder": lambda p: page(p, "policies/notes.md", "# Notes\n\n" + PHI),
    "article saved as .markdown": lambda p: write_article(p, "story.markdown", VALID_FRONT, PHI),
    "text file copied to the site": lambda p: page(p, "thanks.txt", PHI),
    # An HTML file is refused outright by the content edge (tests/test_content_edge.py), before the gate reads it.
    "name in an article's file name": lambda p: write_article(p, "thank-you-maria-alvarez.md", VALID_FRONT),
    "name in a slug": lambda p: write_article(p, "thanks.md", VALID_FRONT + "slug: thanks-mrs-alvarez\n"),
    "name in a file name behind a clean slug": lambda p: write_article(p, "maria-alvarez.md", VALID_FRONT + "slug: thanks\n"),
    "name in a page's file name": lambda p: page(p, "maria-alvarez.md", "# Thank you\n\nGeneral news.\n"),
    "name in a picture's file name": lambda p: shutil.copy(p / "content/images/flu-clinic.png", p / "content/images/maria-alvarez.png"),
    "character references": lambda p: write_article(p, "story.md", VALID_FRONT, "My patient M&#97;ria Alvarez came in.\n"),
    "name split by inline HTML": lambda p: write_article(p, "story.md", VALID_FRONT, "My patient Ma<span></span>ria Alvarez came in.\n"),
    "phone split by a comment-free tag": lambda p: write_article(p, "story.md", VALID_FRONT, "Call (217) 555<b></b>-0199 today.\n"),
}
EXPECTED_FILE = {
    "non-article page": "thanks.md", "page in a folder": "notes.md", "article saved as .markdown": "story.markdown",
    "text file copied to the site": "thanks.txt",
    "name in an article's file name": "thank-you-maria-alvarez.md", "name in a slug": "thanks.md",
    "name in a file name behind a clean slug": "maria-alvarez.md",
    "name in a page's file name": "maria-alvarez.md", "name in a picture's file name": "maria-alvarez.png",
    "character references": "story.md", "name split by inline HTML": "story.md",
    "phone split by a comment-free tag": "story.md",
}


@pytest.mark.parametrize("case", BYPASSES)
def test_check_refuses(project, case):
    BYPASSES[case](project)
    result = run(project, "check")
    assert result.exit_code == 1, result.output
    assert EXPECTED_FILE[case] in result.output


@pytest.mark.parametrize("case", BYPASSES)
def test_build_refuses_and_writes_nothing(project, case):
    BYPASSES[case](project)
    result = run(project, "build")
    assert result.exit_code == 1, result.output
    assert "safety check found errors" in result.output and EXPECTED_FILE[case] in result.output
    assert not (project / "site").exists()


@pytest.mark.parametrize("case", ["non-article page", "article saved as .markdown", "text file copied to the site",
                                  "name in a page's file name", "character references", "name split by inline HTML"])
def test_post_refuses(project, monkeypatch, case):
    BYPASSES[case](project)
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "masto-token-0123456789")
    result = run(project, "post", "--live-timeout", "0")
    assert result.exit_code == 1 and "nothing was posted" in result.output, result.output
    assert EXPECTED_FILE[case] in result.output
    assert not (project / "ledger.yml").exists()


def test_a_markdown_article_is_a_normal_article(project):
    write_article(project, "walks.markdown", VALID_FRONT.replace("Drink water in the heat", "Walk after meals"))
    result = run(project, "build")
    assert result.exit_code == 0, result.output
    assert "Walk after meals" in (project / "site/articles/walks/index.html").read_text()
    assert "Walk after meals" in (project / "site/articles/index.html").read_text()  # listed like any article
    assert "articles/walks/" in (project / "site/feed.xml").read_text()


def test_unknown_file_types_are_left_out_with_a_warning(project):
    (project / "content/handout.pdf").write_bytes(b"%PDF-1.4 Maria Alvarez, DOB 03/14/1961")
    (project / "content/images/Thanks.MD").write_text("Maria Alvarez\n")  # not Markdown to MkDocs: it would be copied
    checked = run(project, "check")
    assert checked.exit_code == 0, checked.output
    assert "warning [file.unchecked]" in checked.output and "handout.pdf" in checked.output and "Thanks.MD" in checked.output
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert "content/handout.pdf: the safety check cannot read this kind of file (.pdf)" in built.output
    site_files = {p.name for p in (project / "site").rglob("*")}
    assert "handout.pdf" not in site_files and "Thanks.MD" not in site_files
    assert "flu-clinic.png" in site_files  # pictures the check can name are still published


def test_a_clean_build_warns_about_nothing_and_keeps_the_theme(project):
    result = run(project, "build")
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    assert list((project / "site/assets/javascripts").glob("bundle.*.min.js"))  # the theme's files are not content


def test_a_link_leading_outside_content_is_refused(project, tmp_path):
    # The content edge (syndicate/paths.py) refuses such a link outright, in check and build alike,
    # and never reads what it points at.
    secret = tmp_path / "notes.txt"
    secret.write_text("Maria Alvarez, DOB 03/14/1961\n")
    (project / "content/notes.txt").symlink_to(secret)
    checked = run(project, "check")
    assert checked.exit_code == 1 and "content/notes.txt" in checked.output and "outside content/" in checked.output
    assert "Maria" not in checked.output
    built = run(project, "build")
    assert built.exit_code == 1 and "outside content/" in built.output
    assert not (project / "site/notes.txt").exists()


def test_clean_pages_and_files_pass_and_are_published(project):
    page(project, "thanks.md", "---\ntitle: Thank you\n---\n\n# Thank you\n\nThank you to everyone who came to our flu clinic.\n")
    page(project, "humans.txt", "Riverbend Family Medicine: call (217) 555-0142.\n")
    assert run(project, "check").exit_code == 0
    assert run(project, "build").exit_code == 0
    assert (project / "site/thanks/index.html").exists() and (project / "site/humans.txt").exists()


def test_page_findings_are_located_in_the_file(project):
    page(project, "thanks.md", "---\ntitle: Thank you Mrs. Alvarez\n---\n\n# Thanks\n\nCall 217-555-0199.\n")
    out = run(project, "check", "content/thanks.md").output
    assert "content/thanks.md:2:" in out and "in front matter “Mrs. Alvarez" in out
    assert "content/thanks.md:7:6: error [phi.phone] “217-555-0199”" in out


def test_check_with_paths_covers_pages(project):
    page(project, "thanks.md", "# Thanks\n\n" + PHI)
    assert run(project, "check", "content/thanks.md").exit_code == 1
    assert run(project, "check", "content/about.md").exit_code == 0
    assert run(project, "check", "content").exit_code == 1  # a folder: everything in it
    assert run(project, "check", "content/policies").exit_code == 0
    wrong = run(project, "check", "content/thank.md")
    assert wrong.exit_code == 2 and "no such file or folder: content/thank.md" in wrong.output


def test_yaml_escapes_in_front_matter_are_read_as_the_reader_sees_them(project):
    write_article(project, "story.md", VALID_FRONT.replace("title: Drink water in the heat",
                                                           'title: "Thank you, M\\x61ria Alvarez"'))
    result = run(project, "check", "content/articles/story.md")
    assert result.exit_code == 1 and "[phi.name] in title" in result.output


def test_yaml_escapes_in_a_page_front_matter(project):
    page(project, "thanks.md", '---\ntitle: "Thank you, M\\x61ria Alvarez"\n---\n\n# Thanks\n')
    result = run(project, "check", "content/thanks.md")
    assert result.exit_code == 1 and "[phi.name] in front matter" in result.output


def test_tags_are_gated_in_build(project):
    write_article(project, "story.md", VALID_FRONT.replace("tags: [summer, hydration]", "tags: [pray for jenny]"))
    result = run(project, "build")
    assert result.exit_code == 1 and "#PrayForJenny" in result.output


def test_a_front_matter_marker_accepts_a_tag(project):
    front = VALID_FRONT.replace("tags: [summer, hydration]",
                                "# <!-- accept phi.name: Jonas Salk made the polio vaccine; not a patient -->\n"
                                "tags: [jonas salk, vaccines]")
    write_article(project, "story.md", front)
    result = run(project, "check", "content/articles/story.md")
    assert result.exit_code == 0 and "#JonasSalk" in result.output and "(accepted: Jonas Salk" in result.output
    assert run(project, "build").exit_code == 0


class TestReaderView:
    def test_plain_text_has_no_view(self):
        assert reader_view("Wash your hands. <!-- accept phi.name: x --> Call 911.") is None

    @pytest.mark.parametrize("source, excerpt", [
        ("My patient M&#97;ria Alvarez came in.", "M&#97;ria Alvarez"),
        ("My patient M&#x61;ria Alvarez came in.", "M&#x61;ria Alvarez"),
        ("My patient Ma<span></span>ria Alvarez came in.", "Ma<span></span>ria Alvarez"),
        ("My patient Ma<span class=\"x\">ri</span>a Alvarez came in.", "Ma<span class=\"x\">ri</span>a Alvarez"),
        ("My patient Ma*ri*a Alvarez came in.", "Ma*ri*a Alvarez"),
        ("My patient Ma\u200bria Alvarez came in.", "Ma\u200bria Alvarez"),
        ("My patient Maria Al&shy;varez came in.", "Maria Al&shy;varez"),
    ])
    def test_hidden_names_are_found_at_their_place_in_the_source(self, source, excerpt):
        [name] = [f for f in scan_text(source, ALLOW) if f.rule == "phi.name"]
        assert source[name.start:name.end] == excerpt == name.excerpt

    def test_a_break_tag_separates_words(self):
        assert reader_view("Maria<br>Alvarez").text == "Maria Alvarez"

    def test_markers_still_apply_to_what_the_view_finds(self):
        text = "<!-- accept phi.name: Maria Alvarez founded the clinic; not a patient -->\nMa<b\n></b>ria Alvarez came in."
        [name] = [f for f in scan_text(text, ALLOW) if f.rule == "phi.name"]
        assert name.accepted and "Ma<b" in name.excerpt

    def test_nothing_new_in_ordinary_markup(self):
        assert scan_text("Wash <b>your</b> hands &amp; use soap. Call <a href=\"https://www.cdc.gov/flu\">the CDC</a>.", ALLOW) == []


ENCODINGS = {
    "every third letter a character reference": lambda t: "".join(
        f"&#{ord(c)};" if c.isalpha() and i % 3 == 1 else c for i, c in enumerate(t)),
    "an empty span inside every word": lambda t: re.sub(r"([A-Za-z])([a-z])", r"\1<span></span>\2", t),
    "in-word emphasis": lambda t: re.sub(r"\b([A-Z][a-z])([a-z]+)", r"\1**\2", t),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_markup_changes_no_decision_on_the_corpus(encoding):
    """The reader sees the same words, so every case of the corpus is flagged, or not, as before."""
    def flagged(text):
        return any(blocks_publication(f) for f in scan_text(text, ALLOW))
    cases = [json.loads(line) for line in (ROOT / "tests/phi_corpus.jsonl").read_text().splitlines() if line.strip()]
    changed = [c["id"] for c in cases if flagged(c["text"]) != flagged(ENCODINGS[encoding](c["text"]))]
    assert changed == []


def test_the_view_decides_where_markup_cuts_a_word_and_the_source_inside_tags():
    assert scan_text("Dr. Ok**afor runs the diabetes class.", ALLOW) == []  # the source alone reads "Dr. Ok"
    found = scan_text('Our <b>party</b>: <img src="/uploads/ruth.jpg" alt="Ruth at her party">', ALLOW)
    assert "photo.review" in {f.rule for f in found}  # an alt text is in a tag the view removes


@pytest.mark.parametrize("address, flagged", [
    ("thank-you-maria-alvarez", True), ("thanks-maria", True), ("visit-mrs-alvarez", True),
    ("images/IMG_4471-jenny", True), ("call-217-555-0199", True), ("a-92-year-old-patient", True),
    ("patient-mrn-00482913", True), ("room-412-patient", True),
    ("flu-shots-2026", False), ("sun-safety-summer", False), ("new-clinician-priya-raman", False),
    ("grace-period-for-refills", False), ("policies/social-media", False),
])
def test_addresses(address, flagged):
    assert bool(scan_address(address, ALLOW)) is flagged
