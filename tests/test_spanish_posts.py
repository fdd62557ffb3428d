"""Spanish teasers (issue 13): a Spanish article's teasers are in Spanish, say their language where the
platform takes one, link to /es/articles/SLUG/, and have ledger entries of their own.

The whole-flow test posts to the real Bluesky PDS and the contract fakes; tests/test_takahe_peer.py
posts a Spanish status to the real Takahē."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from syndicate.article import load_articles
from syndicate.practice import load_practice
from syndicate.site.preview_panel import teaser_cards
from syndicate.teaser_preview import article_rows

from .conftest import SAMPLE_NOW, VALID_FRONT, run_cli, write_article
from .stage import deploy, start_stage

SPANISH = Path(__file__).parent / "data" / "flu-shots-2026.es.md"
SITE = "https://blog.riverbend-family.example/"
BOTH = ("flu-shots-2026", "flu-shots-2026-es")


def add_spanish_version(project: Path) -> None:
    shutil.copy(SPANISH, project / "content" / "articles" / SPANISH.name)


def test_preview_shows_the_spanish_teaser_with_its_language_and_page(project):
    add_spanish_version(project)
    result = run_cli(project, "preview", "--format", "json", "--now", SAMPLE_NOW)
    rows = [r for r in json.loads(result.output) if r["article"] in BOTH]
    assert {(r["article"], r["platform"]) for r in rows} == {(a, p) for a in BOTH for p in ("bluesky", "mastodon", "linkedin")}
    for row in rows:
        spanish = row["article"] == "flu-shots-2026-es"
        assert row["lang"] == ("es" if spanish else "en")
        assert row["text"].startswith("Desde el 15 de septiembre" if spanish else "Walk-in flu shots"), row
        page = f"{SITE}es/articles/flu-shots-2026/" if spanish else f"{SITE}articles/flu-shots-2026/"
        assert row["link"].startswith(page + "?utm_source="), row
    table = run_cli(project, "preview", "--now", SAMPLE_NOW).output
    assert "── flu-shots-2026-es → bluesky (es)" in table and "── flu-shots-2026 → bluesky (en)" in table


def test_the_live_previews_teaser_cards_are_spanish_and_marked_so(project):
    add_spanish_version(project)
    practice = load_practice(project / "site_config.yml", preview=True)
    [article] = [a for a in load_articles(practice) if a.slug == "flu-shots-2026-es"]
    html = teaser_cards(article_rows(article, practice), [], practice)
    assert html.count('<pre class="syn-preview-teaser__text" lang="es">Desde el 15 de septiembre') == 3
    assert f'href="{SITE}es/articles/flu-shots-2026/?utm_source=bluesky' in html


def test_articles_are_in_the_sites_language_unless_they_say_otherwise(project):
    """`en` is not hard-coded: theme.language is the default, and its articles have no language prefix."""
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("  language: en\n", "  language: es\n", 1))
    for translation in (project / "content" / "articles").glob("*.es.md"):
        translation.unlink()  # with Spanish the site's language, they would be second Spanish versions (refused)
    write_article(project, "agua.md", VALID_FRONT)
    write_article(project, "water.en.md", VALID_FRONT)
    practice = load_practice(config)
    assert practice.language == "es"
    articles = {a.slug: a for a in load_articles(practice)}
    assert (articles["agua"].lang, articles["agua"].url) == ("es", f"{SITE}articles/agua/")
    assert (articles["water-en"].lang, articles["water-en"].url) == ("en", f"{SITE}en/articles/water/")


@pytest.fixture
def stage(tmp_path, pds):  # noqa: F811
    s = start_stage(tmp_path, pds)
    add_spanish_version(s.project)
    yield s
    s.stop()


def test_both_versions_are_posted_in_their_language_and_kept_apart_in_the_ledger(stage):
    deploy(stage, SAMPLE_NOW)
    only = [arg for slug in BOTH for arg in ("--article", slug)]
    first = stage.run("post", *only, now=SAMPLE_NOW)
    assert first.returncode == 0, first.stdout + first.stderr
    es_page, en_page = f"{stage.site.url}es/articles/flu-shots-2026/", f"{stage.site.url}articles/flu-shots-2026/"

    # Bluesky: the record stored on the real PDS says its language.
    records = {r["value"]["embed"]["external"]["uri"].split("?")[0]: r["value"] for r in stage.bluesky_records()}
    assert records[es_page]["langs"] == ["es"] and records[en_page]["langs"] == ["en"]
    assert records[es_page]["text"].startswith("Desde el 15 de septiembre")
    # Mastodon and Google Business Profile take a language too (their fakes keep only a well-formed code).
    statuses = {s["text"].split("\n")[-1].split("?")[0]: s for s in stage.fakes["mastodon"].statuses.values()}
    assert statuses[es_page]["language"] == "es" and statuses[en_page]["language"] == "en"
    local = {p["callToAction"]["url"].split("?")[0]: p for p in stage.fakes["google_business"].posts.values()}
    assert local[es_page]["languageCode"] == "es" and local[en_page]["languageCode"] == "en"
    assert local[es_page]["summary"].startswith("Desde el 15 de septiembre")

    ledger = stage.ledger
    assert set(ledger) == set(BOTH)
    for platform in ledger["flu-shots-2026"]:
        english, spanish = ledger["flu-shots-2026"][platform], ledger["flu-shots-2026-es"][platform]
        assert english["state"] == spanish["state"] == "posted", platform
        assert english["post_id"] != spanish["post_id"] and english["key"] != spanish["key"], platform
    counts = {p: len(t) for p, t in stage.posted_texts().items()}
    assert counts == {p: 2 for p in counts}

    rerun = stage.run("post", *only, now=SAMPLE_NOW)
    assert rerun.returncode == 0 and "0 teaser(s) due" in rerun.stderr
    # A ledger lost in between: each version is found on the platforms by its own link, none posted again.
    (stage.project / "ledger.yml").write_text("articles: {}\n")
    lost = stage.run("post", *only, now=SAMPLE_NOW)
    assert lost.returncode == 0, lost.stdout + lost.stderr
    assert lost.stdout.count("recovered") == 2 * len(counts), lost.stdout
    assert {p: len(t) for p, t in stage.posted_texts().items()} == counts
    assert stage.ledger["flu-shots-2026-es"]["bluesky"]["post_id"] == ledger["flu-shots-2026-es"]["bluesky"]["post_id"]
