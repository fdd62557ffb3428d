"""A medical review that is real (issue 10): `new` fills in no review, and publishing needs a reviewer
who is not an author, a review date that has happened, and the article's own words."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import date, datetime, timezone

import pytest

from syndicate.article import load_article
from syndicate.checks import RULES
from syndicate.practice import load_practice
from syndicate.review import changed_after_review, last_commits

from .conftest import VALID_FRONT, write_article
from .test_gate import run

# Today in the pinned clock (conftest.SAMPLE_NOW) is 2026-11-26.
NO_REVIEW = VALID_FRONT.replace("reviewed_by: lee\n", "").replace("last_reviewed: 2026-06-20\n", "")


def rules_in(result) -> set[str]:
    return {word.strip("[]") for word in result.output.split() if word.startswith("[review.")}


def set_self_review(project, allowed: bool):
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace(
        "        cadence_days: 14\n", f"        cadence_days: 14\n        allow_self_review: {str(allowed).lower()}\n"))


class TestNew:
    def test_new_leaves_the_review_to_the_reviewer(self, project):
        assert run(project, "new", "Allergy season", "--author", "raman").exit_code == 0
        path = project / "content/articles/allergy-season.md"
        article = load_article(path, load_practice(project / "site_config.yml"))
        assert article.reviewed_by is None and article.last_reviewed is None and article.draft
        text = path.read_text()
        assert "reviewed_by:" in text and "last_reviewed:" in text  # empty, with a comment saying who fills them in

    def test_a_fresh_draft_passes_check(self, project):
        run(project, "new", "Allergy season", "--author", "raman")
        result = run(project, "check", "content/articles/allergy-season.md")
        assert result.exit_code == 0, result.output

    def test_publishing_the_template_as_is_is_refused(self, project):
        run(project, "new", "Allergy season", "--author", "raman", "--date", "2026-11-01 08:00")
        path = project / "content/articles/allergy-season.md"
        path.write_text(path.read_text().replace("draft: true", "draft: false"))
        result = run(project, "check", "content/articles/allergy-season.md")
        assert result.exit_code == 1
        assert rules_in(result) == {"review.missing", "review.placeholder"}
        assert result.output.count("[review.placeholder]") == 6  # the summary's two sentences and the body's four
        built = run(project, "build")
        assert built.exit_code == 1 and "review.missing" in built.output and "review.placeholder" in built.output


class TestPublishing:
    @pytest.mark.parametrize("front, rule", [
        (NO_REVIEW, "review.missing"),
        (VALID_FRONT.replace("reviewed_by: lee\n", ""), "review.missing"),
        (VALID_FRONT.replace("reviewed_by: lee", "reviewed_by: okafor"), "review.self"),
        (VALID_FRONT.replace("authors: [okafor]", "authors: [okafor, lee]"), "review.self"),
        (VALID_FRONT.replace("last_reviewed: 2026-06-20", "last_reviewed: 2026-11-27"), "review.future"),
    ])
    def test_refused_by_check_build_and_post(self, project, monkeypatch, front, rule):
        write_article(project, "story.md", front)
        checked = run(project, "check", "content/articles/story.md")
        assert checked.exit_code == 1 and rule in rules_in(checked), checked.output
        built = run(project, "build")
        assert built.exit_code == 1 and f"[{rule}]" in built.output and not (project / "site").exists()
        monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "masto-token-0123456789")
        posted = run(project, "post", "--live-timeout", "0", "--article", "story")
        assert posted.exit_code == 1 and f"[{rule}]" in posted.output and not (project / "ledger.yml").exists()

    def test_review_errors_name_the_field_and_line(self, project):
        write_article(project, "story.md", VALID_FRONT.replace("reviewed_by: lee", "reviewed_by: okafor"))
        out = run(project, "check", "content/articles/story.md").output
        assert "content/articles/story.md:6:1: error [review.self] in reviewed_by" in out
        assert "allow_self_review" in out  # the fix names the switch for a one-clinician practice

    def test_review_today_is_fine(self, project):
        write_article(project, "story.md", VALID_FRONT.replace("last_reviewed: 2026-06-20", "last_reviewed: 2026-11-26"))
        assert run(project, "check", "content/articles/story.md").exit_code == 0

    def test_drafts_and_the_sample_need_no_more(self, project):
        write_article(project, "story.md", NO_REVIEW + "draft: true\n")
        assert run(project, "check", "content/articles/story.md").exit_code == 0
        result = run(project, "check")
        assert result.exit_code == 0 and not rules_in(result) - {"review.due"}, result.output

    def test_a_placeholder_sentence_left_in_a_finished_article(self, project):
        body = "Flu shots are free this month.\n\nEnd with what to do next, such as calling the practice.\n"
        write_article(project, "story.md", VALID_FRONT, body)
        out = run(project, "check", "content/articles/story.md").output
        assert "content/articles/story.md:14:1: error [review.placeholder] “End with what to do next" in out


class TestSelfReview:
    def test_allowed_by_the_practice_and_said_on_the_page(self, project):
        set_self_review(project, True)
        write_article(project, "story.md", VALID_FRONT.replace("reviewed_by: lee", "reviewed_by: okafor"))
        assert run(project, "check", "content/articles/story.md").exit_code == 0
        assert run(project, "build").exit_code == 0
        page = (project / "site/articles/story/index.html").read_text()
        assert 'Written and reviewed by <strong><a href="../../clinicians/okafor/">Ada Okafor, MD</a></strong>' in page and "Medically reviewed by" not in page
        other = (project / "site/articles/flu-shots-2026/index.html").read_text()
        assert 'Medically reviewed by <strong><a href="../../clinicians/lee/">Marcus Lee, DO</a></strong>' in other

    def test_off_by_default(self, project):
        set_self_review(project, False)
        write_article(project, "story.md", VALID_FRONT.replace("reviewed_by: lee", "reviewed_by: okafor"))
        assert run(project, "check", "content/articles/story.md").exit_code == 1


def git(project, *args, when: str | None = None):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


def committed_then_edited(project, reviewed_at: str, edited_at: str, addition: str, check_between=None):
    """story.md (reviewed 2026-06-20) committed at `reviewed_at`, then `addition` committed at `edited_at`."""
    path = write_article(project, "story.md", VALID_FRONT)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "reviewed", when=reviewed_at)
    if check_between:
        check_between()
    path.write_text(path.read_text() + addition)
    git(project, "commit", "-qam", "edited", when=edited_at)
    return path


@pytest.mark.skipif(shutil.which("git") is None, reason="git is part of the project's setup")
class TestChangedAfterReview:
    def test_warns_when_the_file_changed_after_its_review(self, project):
        def not_yet():
            assert "review.stale" not in run(project, "check", "content/articles/story.md").output
        committed_then_edited(project, "2026-06-20T15:00:00-05:00", "2026-07-02T09:00:00-05:00",
                              "\nSalt tablets are rarely needed.\n", check_between=not_yet)
        out = run(project, "check", "content/articles/story.md").output
        assert "warning [review.stale] in last_reviewed" in out and "changed in git on 2026-07-02" in out
        built = run(project, "build")  # a warning in the build too, which still publishes
        assert built.exit_code == 0 and "story.md:7: [review.stale]" in built.output, built.output

    def test_a_large_site_checked_in_worker_processes_warns_the_same(self, project):
        # Past gate.PARALLEL_FROM articles the checks run in forked workers while git runs beside them in the
        # parent, which adds the warning afterwards: it must still land on the right article, once.
        from syndicate.gate import PARALLEL_FROM
        for n in range(PARALLEL_FROM):
            write_article(project, f"tip-{n:03d}.md", VALID_FRONT.replace("Drink water", f"Drink water, tip {n}"))
        committed_then_edited(project, "2026-06-20T15:00:00-05:00", "2026-07-02T09:00:00-05:00",
                              "\nSalt tablets are rarely needed.\n")
        rows = json.loads(run(project, "check", "--format", "json").output)
        stale = [r for r in rows if r["rule"] == "review.stale"]
        assert [(r["file"], r["line"]) for r in stale] == [("content/articles/story.md", 7)], stale

    def test_a_warning_never_blocks(self, project):
        committed_then_edited(project, "2026-06-20T09:00:00-05:00", "2026-08-01T09:00:00+00:00", "\nOne more tip.\n")
        result = run(project, "check", "content/articles/story.md")
        assert result.exit_code == 0 and "review.stale" in result.output

    def test_the_commit_that_records_the_review_is_not_a_change_after_it(self, project):
        # Reviewed on the 20th, merged on the 24th: the text merged is the text the reviewer signed.
        path = write_article(project, "story.md", VALID_FRONT.replace("reviewed_by: lee\n", "").replace(
            "last_reviewed: 2026-06-20\n", "") + "draft: true\n")
        git(project, "init", "-q")
        git(project, "add", "-A")
        git(project, "commit", "-qm", "draft", when="2026-06-10T09:00:00+00:00")
        path.write_text(path.read_text().replace("draft: true", "reviewed_by: lee\nlast_reviewed: 2026-06-20"))
        git(project, "commit", "-qam", "reviewed and merged", when="2026-06-24T09:00:00+00:00")
        assert "review.stale" not in run(project, "check").output  # the sample too: committed with its reviews
        path.write_text(path.read_text() + "\nStop your statin if your legs ache.\n")
        git(project, "commit", "-qam", "edited after the review", when="2026-06-25T09:00:00+00:00")
        assert "changed in git on 2026-06-25" in run(project, "check", "content/articles/story.md").output

    def test_a_shallow_clone_says_nothing(self, project, tmp_path):
        write_article(project, "story.md", VALID_FRONT)
        git(project, "init", "-q")
        git(project, "add", "-A")
        git(project, "commit", "-qm", "first", when="2026-06-01T09:00:00+00:00")
        (project / "content/articles/story.md").write_text((project / "content/articles/story.md").read_text() + "\nMore.\n")
        git(project, "commit", "-qam", "second", when="2026-08-01T09:00:00+00:00")
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(tmp_path / "ci")], check=True)
        # CI's one-commit checkout shows every file as added by its only commit: no evidence of a change
        assert last_commits(tmp_path / "ci" / "content") == {}
        assert "review.stale" not in run(tmp_path / "ci", "check").output
        assert last_commits(project / "content")  # the full history does know

    def test_no_repository_no_warning(self, project):
        write_article(project, "story.md", VALID_FRONT)
        assert last_commits(project / "content") == {}
        assert "review.stale" not in run(project, "check").output

    def test_the_day_of_the_review_counts_in_the_practice_time_zone(self, project):
        practice = load_practice(project / "site_config.yml")
        article = load_article(write_article(project, "story.md", VALID_FRONT), practice)
        # 02:00 UTC on the 21st is still the 20th in Chicago, the day of the review
        assert changed_after_review(article, practice, datetime(2026, 6, 21, 2, 0, tzinfo=timezone.utc)) is None
        assert changed_after_review(article, practice, datetime(2026, 6, 21, 6, 0, tzinfo=timezone.utc)) is not None
        assert changed_after_review(article, practice, None) is None


def test_every_new_rule_is_in_the_catalogue():
    for rule in ("review.missing", "review.self", "review.future", "review.placeholder", "review.stale", "review.due",
                 "file.unchecked", "file.unreadable", "link.broken"):
        assert RULES[rule].message and RULES[rule].fix
    assert RULES["review.stale"].severity == "warning" and RULES["review.self"].severity == "error"


def test_a_marker_cannot_accept_a_review_rule(project):
    write_article(project, "story.md", VALID_FRONT.replace("reviewed_by: lee", "reviewed_by: okafor"),
                  "<!-- accept review.self: I checked it myself -->\nGeneral advice.\n")
    out = run(project, "check", "content/articles/story.md").output
    assert "[review.self]" in out and "[accept.unknown_rule]" in out and "is fixed in the file, never accepted" in out


def test_today_is_the_pinned_date():
    # The parametrised cases above rely on it: 2026-11-27 is "tomorrow".
    from syndicate import clock
    assert clock.now().date() == date(2026, 11, 26)


def test_review_due_lists_an_article_without_a_reviewer(project):
    write_article(project, "story.md", VALID_FRONT.replace("reviewed_by: lee\n", "").replace("2026-06-20", "2025-01-02"))
    result = run(project, "review-due")
    assert result.exit_code == 1 and "story.md: Drink water in the heat — reviewer not named" in result.output


def test_sarif_describes_the_new_rules(project):
    import json
    write_article(project, "story.md", VALID_FRONT.replace("reviewed_by: lee", "reviewed_by: okafor"))
    (project / "content/handout.pdf").write_bytes(b"%PDF-1.4")
    sarif = json.loads(run(project, "check", "--format", "sarif").output)
    rules = {r["id"]: r["shortDescription"]["text"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["review.self"] == RULES["review.self"].message
    assert rules["file.unchecked"] == RULES["file.unchecked"].message
    levels = {r["ruleId"]: r["level"] for r in sarif["runs"][0]["results"]}
    assert levels["review.self"] == "error" and levels["file.unchecked"] == "warning"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is part of the project's setup")
class TestGitHistoryEdges:
    def _history(self, tmp_path, names: list[bytes]) -> Path:
        folder = tmp_path / "repo"
        folder.mkdir()
        git(folder, "init", "-q")
        for name in names:
            with open(os.path.join(os.fsencode(folder), name), "wb") as f:
                f.write(b"text\n")
        git(folder, "add", "-A")
        git(folder, "commit", "-qm", "one", when="2026-07-02T09:00:00+00:00")
        return folder

    def test_names_git_quotes_or_that_are_not_utf8_are_read_as_the_file_system_names_them(self, tmp_path):
        # A Latin-1 name anywhere in the history used to stop check and build with a UnicodeDecodeError; names
        # with a tab, a quote or a backslash are printed quoted by git and were never matched to their files.
        names = [b"caf\xe9.md", b"tab\there.md", b'say "hi".md', b"back\\slash.md", b"plain.md", "ñandú.md".encode()]
        folder = self._history(tmp_path, names)
        found = last_commits(folder)
        assert {p.name for p in found} == {os.fsdecode(n) for n in names}
        assert all(when == datetime(2026, 7, 2, 9, 0, tzinfo=timezone.utc) for when in found.values())

    def test_leaving_early_stops_git_instead_of_waiting_for_it(self, tmp_path, monkeypatch):
        # An interrupt while git runs beside the check workers: a slow git (a large history) is stopped, not awaited.
        from syndicate.review import last_commits_started
        folder = self._history(tmp_path, [b"a.md"])
        slow = tmp_path / "bin"
        slow.mkdir()
        (slow / "git").write_text("#!/bin/sh\nexec sleep 30\n")
        (slow / "git").chmod(0o755)
        monkeypatch.setenv("PATH", f"{slow}{os.pathsep}{os.environ['PATH']}")
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            with last_commits_started(folder):
                raise KeyboardInterrupt
        assert time.monotonic() - started < 10
