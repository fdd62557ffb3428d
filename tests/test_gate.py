"""The safety gate as clinicians and CI meet it: `check` output, accept markers, and the gate in
`build` and `post`. The rules themselves are tested in test_checks_*."""
from __future__ import annotations

import json



from .conftest import run_cli, VALID_FRONT, write_article

PHI_BODY = "My patient Maria Alvarez, 94, called us from (217) 555-0199 last Tuesday.\n"


run = run_cli  # tests/conftest.py


def test_sample_passes_with_warnings_only(project):
    result = run(project, "check")
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output and "review.due" in result.output


def test_text_output_names_file_line_column_rule_and_fix(project):
    write_article(project, "story.md", VALID_FRONT, "Intro line.\n\n" + PHI_BODY)
    result = run(project, "check", "content/articles/story.md")
    assert result.exit_code == 1
    assert "content/articles/story.md:14:12: error [phi.name] “Maria Alvarez”" in result.output
    assert "[phi.phone] “(217) 555-0199”" in result.output and "[phi.age]" in result.output
    assert "how to fix:" in result.output


def test_json_output_has_offsets_and_rule_ids(project):
    write_article(project, "story.md", VALID_FRONT, PHI_BODY)
    rows = json.loads(run(project, "check", "--format", "json", "content/articles/story.md").output)
    text = (project / "content/articles/story.md").read_text()
    phone = next(r for r in rows if r["rule"] == "phi.phone")
    assert text[phone["start"]:phone["end"]] == "(217) 555-0199" and phone["blocking"] is True
    assert phone["line"] == 12 and phone["file"] == "content/articles/story.md"


def test_github_annotations_and_sarif(project):
    write_article(project, "story.md", VALID_FRONT, PHI_BODY)
    gh = run(project, "check", "--format", "github", "content/articles/story.md").output
    assert "::error file=content/articles/story.md,line=12,col=12,title=phi.name::“Maria Alvarez”" in gh
    sarif = json.loads(run(project, "check", "--format", "sarif", "content/articles/story.md").output)
    results = sarif["runs"][0]["results"]
    assert sarif["version"] == "2.1.0" and {r["ruleId"] for r in results} >= {"phi.name", "phi.phone", "phi.age"}
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 12


def test_an_accepted_finding_stays_visible_and_does_not_block(project):
    body = ("<!-- accept phi.name: Jonas Salk developed the polio vaccine; he is not a patient -->\n"
            "Mr. Salk tested the vaccine in 1954.\n")
    write_article(project, "history.md", VALID_FRONT, body)
    result = run(project, "check", "content/articles/history.md")
    assert result.exit_code == 0, result.output
    assert "(accepted: Jonas Salk developed the polio vaccine; he is not a patient)" in result.output
    assert "1 accepted" in result.output
    sarif = json.loads(run(project, "check", "--format", "sarif", "content/articles/history.md").output)
    assert sarif["runs"][0]["results"][0]["suppressions"][0]["kind"] == "inSource"


def test_accept_marker_without_reason_is_an_error(project):
    write_article(project, "history.md", VALID_FRONT, "<!-- accept phi.name -->\nMr. Salk tested the vaccine.\n")
    result = run(project, "check", "content/articles/history.md")
    assert result.exit_code == 1 and "accept.reason_missing" in result.output


def test_front_matter_text_and_teasers_are_checked(project):
    front = VALID_FRONT.replace("summary: Water helps your body cool down on hot days.",
                                "summary: Call Mrs. Alvarez at 217-555-0199 about water.")
    write_article(project, "story.md", front)
    result = run(project, "check", "--format", "json", "content/articles/story.md")
    rows = json.loads(result.output)
    assert {(r["rule"], r["field"]) for r in rows} >= {("phi.name", "summary"), ("phi.phone", "summary")}

    tagged = VALID_FRONT.replace("tags: [summer, hydration]", "tags: [pray for jenny]")
    write_article(project, "tags.md", tagged)
    rows = json.loads(run(project, "check", "--format", "json", "content/articles/tags.md").output)
    # The tag becomes a hashtag (and a tag page's title): found in the tags themselves, so `build` gates it too.
    assert any(r["rule"] == "phi.name" and r["field"] == "tags" and r["excerpt"] == "#PrayForJenny" for r in rows)


def test_individual_advice_and_image_rules(project):
    write_article(project, "advice.md", VALID_FRONT + "image: images/flu-clinic.png\nimage_alt: Mrs. Alvarez before her surgery\n",
                  "If your pressure is high, you should stop taking your lisinopril.\n\n![](../images/flu-clinic.png)\n")
    rows = json.loads(run(project, "check", "--format", "json", "content/articles/advice.md").output)
    rules = {r["rule"] for r in rows}
    assert {"advice.individual", "image.alt_missing", "photo.review"} <= rules


def test_broken_internal_link_is_an_error(project):
    write_article(project, "links.md", VALID_FRONT,
                  "See [flu shots](flu-shots-2026.md), [privacy](../policies/privacy.md) and [old page](gone.md).\n")
    rows = json.loads(run(project, "check", "--format", "json", "content/articles/links.md").output)
    assert [(r["rule"], r["excerpt"]) for r in rows if r["rule"] == "link.broken"] == [("link.broken", "gone.md")]


def test_build_refuses_unaccepted_errors_and_keeps_the_old_site(project):
    assert run(project, "build").exit_code == 0
    marker = project / "site" / "index.html"
    before = marker.read_bytes()
    write_article(project, "story.md", VALID_FRONT, PHI_BODY)
    result = run(project, "build")
    assert result.exit_code == 1 and "safety check found errors" in result.output and "story.md:12:12" in result.output
    assert marker.read_bytes() == before and not (project / "site" / "articles" / "story").exists()


def test_drafts_are_checked_but_do_not_block_the_build(project):
    write_article(project, "story.md", VALID_FRONT + "draft: true\n", PHI_BODY)
    assert run(project, "check").exit_code == 1
    assert run(project, "build").exit_code == 0


def test_post_refuses_unaccepted_errors(project, monkeypatch):
    write_article(project, "story.md", VALID_FRONT, PHI_BODY)
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "masto-token-0123456789")
    result = run(project, "post", "--live-timeout", "0")
    assert result.exit_code == 1 and "nothing was posted" in result.output and "story.md" in result.output
    assert not (project / "ledger.yml").exists()


def test_review_due_lists_stale_reviews(project):
    result = run(project, "review-due")
    assert result.exit_code == 1
    assert "hand-washing-cold-season.md" in result.output and "due 2026-11-05" in result.output
    assert "flu-shots-2026" not in result.output


def test_jsonl_interface(project, tmp_path):
    lines = [
        {"id": "a", "text": "Call us at (217) 555-0142 to book your flu shot."},
        {"id": "b", "text": "Call (217) 555-0199 and ask for Mrs. Alvarez."},
    ]
    data = "\n".join(json.dumps(l) for l in lines) + "\n"
    result = run(project, "check", "--jsonl", "-", "--config", "site_config.yml", "--format", "json", input=data)
    out = [json.loads(l) for l in result.output.splitlines()]
    assert [(o["id"], o["flag"]) for o in out] == [("a", False), ("b", True)]
    phone = next(f for f in out[1]["findings"] if f["rule"] == "phi.phone")
    assert lines[1]["text"][phone["start"]:phone["end"]] == "(217) 555-0199"
    assert set(phone) >= {"start", "end", "rule", "message"}
    bad = run(project, "check", "--jsonl", "-", input='{"id": 1}\nnot json\n')
    assert bad.exit_code == 1 and "line" in bad.output and "Traceback" not in bad.output
