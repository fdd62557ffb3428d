"""Hostile or careless content: no script injection, no control characters, YAML that cannot hurt
the machine, only real dates, one address per topic. Each refusal names file, line and fix, and
`check`, `build` and `post` agree."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from syndicate.article import load_articles
from syndicate.build import build_site
from syndicate.errors import InputError, SyndicateError
from syndicate.practice import load_practice

from .conftest import VALID_FRONT, copy_project, write_article

SCRIPTS = ("<script", "onerror", "onclick", "javascript:", "data:text", "<iframe", "<object", "<embed")


def syndicate(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os
    return subprocess.run([sys.executable, "-c", "from syndicate.cli import main; main()", *args], cwd=project, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def problems(project: Path) -> list:
    with pytest.raises(InputError) as info:
        load_articles(load_practice(project / "site_config.yml"))
    return info.value.problems


def refuse_everywhere(project: Path, *needles: str) -> str:
    """check, build and post all refuse, naming the problem; the previous site stays."""
    checked = syndicate(project, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
    for needle in needles:
        assert needle in checked.stderr + checked.stdout, checked.stderr + checked.stdout
    built = syndicate(project, "build")
    assert built.returncode == 1 and "Traceback" not in built.stderr and not (project / "site").exists()
    posted = syndicate(project, "post", env={"MASTODON_ACCESS_TOKEN": "t"})
    assert posted.returncode == 1 and "Traceback" not in posted.stderr
    return checked.stderr


# ---------------------------------------------------------------- script injection

HOSTILE = """---
title: '</title><script>alert("title")</script>Heat'
date: 2026-07-01 08:00
summary: '"><script>alert("summary")</script>'
authors: [okafor]
reviewed_by: lee
last_reviewed: 2026-06-20
categories: ['</title><script>alert("category")</script>']
tags: ['</title><script>alert("tag")</script>', summer]
---

Some general health education.

<script>alert("body")</script>

<img src="../images/flu-clinic.png" alt="a" onerror="alert('img')">

[javascript link](javascript:alert('link')) and [data link](data:text/html,<script>alert(1)</script>)

[attr](https://example.org){: onclick="alert('attr')" }

<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">

<p style="background:url(javascript:alert(1))">styled</p>
"""


class Scripts(HTMLParser):
    """Every executable script (no src, a JavaScript type) and the <title> text of a page."""

    def __init__(self):
        super().__init__()
        self.inline, self.titles, self._in, self._title = [], [], False, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and "src" not in a and a.get("type") in (None, "text/javascript", "module"):
            self._in = True
            self.inline.append("")
        self._title = tag == "title"
        if tag == "title":
            self.titles.append("")

    def handle_endtag(self, tag):
        self._in = False if tag == "script" else self._in
        self._title = False if tag == "title" else self._title

    def handle_data(self, data):
        if self._in:
            self.inline[-1] += data
        if self._title:
            self.titles[-1] += data


def scripts_of(path: Path) -> Scripts:
    parser = Scripts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", "2026-11-26T12:00:00+00:00")
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / "content" / "articles" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    about = project / "content" / "about.md"
    about.write_text("---\ntitle: '</title><script>alert(\"about\")</script>'\n"
                     "description: '\"><script>alert(\"about\")</script>'\n---\n\n" + about.read_text(), encoding="utf-8")
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("name: Ada Okafor", "name: 'Ada <script>alert(\"author\")</script> Okafor'"))
    result = build_site(project / "site_config.yml")
    yield result.site_dir
    mp.undo()


def hostile_pages(site: Path) -> list[Path]:
    return [site / "articles" / "hostile" / "index.html", site / "about" / "index.html", site / "articles" / "index.html",
            site / "index.html", site / "tags" / "index.html", site / "categories" / "index.html",
            site / "tags" / "title-script-alert-tag-script" / "index.html",
            site / "categories" / "title-script-alert-category-script" / "index.html"]


def test_no_inline_script_but_materials_own_on_any_hostile_page(hostile_site):
    for page in hostile_pages(hostile_site):
        found = scripts_of(page)
        assert found.inline, page  # Material's own are there
        assert not [s for s in found.inline if "alert" in s], page


def test_titles_and_descriptions_stay_text(hostile_site):
    article = hostile_site / "articles" / "hostile" / "index.html"
    text = article.read_text()
    assert '<meta name="description" content="&#34;&gt;&lt;script&gt;alert(&#34;summary&#34;)&lt;/script&gt;">' in text
    assert scripts_of(article).titles == ['</title><script>alert("title")</script>Heat - Riverbend Family Medicine']
    tag_page = hostile_site / "tags" / "title-script-alert-tag-script" / "index.html"
    assert scripts_of(tag_page).titles == ['</title><script>alert("tag")</script> - Riverbend Family Medicine']
    category = hostile_site / "categories" / "title-script-alert-category-script" / "index.html"
    assert scripts_of(category).titles == ['</title><script>alert("category")</script> - Riverbend Family Medicine']
    assert re.search(r'class="p-name[^"]*"[^>]*>Ada &lt;script&gt;alert\(&#34;author&#34;\)&lt;/script&gt; Okafor<', text)
    assert '<meta name="author" content="Ada &lt;script&gt;' in text
    about = hostile_site / "about" / "index.html"
    assert scripts_of(about).titles == ['</title><script>alert("about")</script> - Riverbend Family Medicine']
    assert '<meta name="description" content="&#34;&gt;&lt;script&gt;alert(&#34;about&#34;)&lt;/script&gt;">' in about.read_text()


def test_article_body_is_sanitised_in_the_page_and_every_feed(hostile_site):
    body = hostile_site / "articles" / "hostile" / "index.html"
    article = body.read_text().split('<article class="md-content__inner')[1].split("</article>")[0]
    for bad in SCRIPTS + ("style=",):
        assert bad not in article, bad
    assert "Some general health education." in article and ">javascript link</a>" in article
    assert '<a href="https://example.org">attr</a>' in article  # the link stays, the handler goes
    for feed in ("feed.xml", "rss.xml", "feed.json", "categories/title-script-alert-category-script/feed.xml"):
        text = (hostile_site / feed).read_text()
        assert "Some general health education." in text, feed
        for bad in ("onerror", "onclick", "javascript:", "data:text", "iframe", "<object", "<embed", 'alert("body")'):
            assert bad not in text, (feed, bad)


def test_check_warns_about_markup_the_page_will_not_show(project):
    (project / "content" / "articles" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    out = syndicate(project, "check", "--format", "json")
    import json
    removed = sorted((f["line"], f["column"]) for f in json.loads(out.stdout)
                     if f["rule"] == "html.removed" and f["file"].endswith("hostile.md"))
    assert removed == [(14, 1), (16, 1), (18, 17), (18, 59), (18, 76), (20, 28), (22, 1), (22, 46), (22, 76)]
    assert out.returncode == 0  # a warning: the sanitiser is the guard, and the rest is publishable


def test_ordinary_markdown_survives_the_sanitiser(project):
    write_article(project, "rich.md", VALID_FRONT, body=(
        "## Before you go {: #before }\n\n!!! note \"Bring\"\n    Your *medication list* and [our form](../about.md).\n\n"
        "| Day | Time |\n| --- | --- |\n| Mon | 8–11 |\n\n![A waiting room](../images/flu-clinic.png)\n\n"
        "Call [us](tel:+12175550142) or [email](mailto:hello@riverbend-family.example).\n"))
    site = build_site(project / "site_config.yml").site_dir
    html = (site / "articles" / "rich" / "index.html").read_text()
    for kept in ('<h2 id="before">Before you go</h2>', '<div class="admonition note">', '<p class="admonition-title">Bring</p>',
                 "<em>medication list</em>", '<a href="../../about/">our form</a>', "<table>", "<td>8–11</td>",
                 'alt="A waiting room"', 'src="../../images/flu-clinic.png"', 'href="tel:+12175550142"',
                 'href="mailto:hello@riverbend-family.example"'):
        assert kept in html, kept


def test_every_page_has_a_policy_that_forbids_other_inline_script_and_third_parties(hostile_site):
    for page in hostile_pages(hostile_site) + [hostile_site / "404.html"]:
        text = page.read_text()
        head = text.split("<head>", 1)[1]
        assert head.lstrip().startswith('<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy"'), page
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
        sources = directives["script-src"].split()
        # 'wasm-unsafe-eval' lets the site search (Pagefind) compile its WebAssembly; not eval() of JavaScript.
        assert sources[:2] == ["'self'", "'wasm-unsafe-eval'"] and all(s.startswith("'sha256-") for s in sources[2:]), sources
        assert "unsafe-inline" not in directives["script-src"] and "http" not in directives["script-src"]
        assert len(sources) - 2 == len(scripts_of(page).inline)  # one hash per Material script, none more


def test_the_policy_hashes_only_materials_scripts():
    from syndicate.site.csp import PLACEHOLDER, apply
    page = (f'<head><meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}"></head>'
            '<script>__md_scope=new URL("..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
            '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
            '<script>alert(1)</script>'
            '<script>__md_scope=new URL("",alert(1)),location),__md_hash=1</script>')
    policy = re.search(r'content="([^"]*)"', apply(page)).group(1)
    assert policy.count("'sha256-") == 1


# ---------------------------------------------------------------- control characters

@pytest.mark.parametrize("title", ['"Sleep \\e[31mwell"', '"Sleep \\0 well"', '"Sleep \\x85 well"', '"Sleep \\x07"'])
def test_control_characters_in_a_field_are_a_located_error(project, title):
    write_article(project, "bad.md", VALID_FRONT.replace("title: Drink water in the heat", f"title: {title}"))
    [p] = problems(project)
    assert p.path.name == "bad.md" and p.line == 2 and p.field == "title" and "control character" in p.message
    assert "\x1b" not in str(p) and "\x00" not in str(p)
    refuse_everywhere(project, "bad.md:2", "control character")


def test_a_raw_control_character_in_front_matter_is_located(project):
    write_article(project, "bad.md", VALID_FRONT.replace("summer, hydration", "summer, hy\x1bdration"))
    [p] = problems(project)
    assert (p.path.name, p.line) == ("bad.md", 9) and "control character" in p.message


def test_control_characters_in_the_body_never_reach_the_feeds(project):
    write_article(project, "bad.md", VALID_FRONT, body="Fine.\n\nBad \x00 and \x1b[2J here.\n")
    found = problems(project)
    assert [(p.line, p.field) for p in found] == [(14, "body"), (14, "body")]
    stderr = refuse_everywhere(project, "bad.md:14", "\\x00")
    assert "\x1b" not in stderr and "\x00" not in stderr


def test_preview_never_prints_a_control_character(project):
    write_article(project, "bad.md", VALID_FRONT.replace("summary: Water helps your body cool down on hot days.",
                                                       'summary: "\\e]0;pwned\\aWater helps."'))
    out = syndicate(project, "preview")
    assert out.returncode == 1 and "control character" in out.stderr
    assert "\x1b" not in out.stdout + out.stderr and "\x07" not in out.stdout + out.stderr


def test_clinician_names_with_control_characters_are_refused(project):
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("name: Ada Okafor", 'name: "Ada \\e[8mOkafor"'))
    out = syndicate(project, "check")
    assert out.returncode == 1 and "site_config.yml:" in out.stderr and "control character" in out.stderr
    assert "\x1b" not in out.stderr


# ---------------------------------------------------------------- YAML

LAUGHS = ("---\ntitle: About us\nlol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
          + "".join(f"l{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
          + "---\n\nAbout.\n")


def test_billion_laughs_in_any_page_is_refused_before_mkdocs_reads_it(project):
    (project / "content" / "about.md").write_text(LAUGHS, encoding="utf-8")
    [p] = problems(project)
    assert p.path.name == "about.md" and "aliases" in p.message and "&name" in p.fix
    with pytest.raises(SyndicateError, match="about.md"):  # the plugin refuses before any page is read
        build_site(project / "site_config.yml")
    assert not (project / "site").exists()


def test_billion_laughs_in_site_config_is_refused_before_mkdocs_loads_it(project):
    config = project / "site_config.yml"
    laughs = LAUGHS.split("---\n")[1].replace("title: About us\n", "")
    config.write_text(config.read_text() + "extra:\n" + "".join("  " + line + "\n" for line in laughs.splitlines()))
    with pytest.raises(InputError) as info:
        load_practice(config)
    [p] = info.value.problems
    assert p.path == config and "aliases" in p.message


def test_self_referencing_alias_is_refused(project):
    (project / "content" / "about.md").write_text("---\ntitle: &a [*a]\n---\n\nAbout.\n", encoding="utf-8")
    [p] = problems(project)
    assert (p.path.name, p.line) == ("about.md", 2) and "refers to itself" in p.message


def test_a_few_aliases_are_fine(project):
    write_article(project, "ok.md", VALID_FRONT.replace("tags: [summer, hydration]", "tags: &t [summer, hydration]\nx_tags: *t")
                  .replace("x_tags", "categories").replace("categories: [Healthy living]\n", ""))
    assert "ok" in {a.slug for a in load_articles(load_practice(project / "site_config.yml"))}


@pytest.mark.parametrize("page", ["about.md", "policies/privacy.md", "articles/bad.md"])
@pytest.mark.parametrize("value", ["!!python/object/apply:os.system ['true']", "!custom thing", "!!binary aGk="])
def test_unknown_yaml_tags_are_errors_in_every_page(project, page, value):
    path = project / "content" / page
    body = path.read_text() if path.exists() else "Text.\n"
    front = VALID_FRONT.strip() if page.startswith("articles/") else "title: A page"
    path.write_text(f"---\n{front}\nextra_field: {value}\n---\n\n{body}", encoding="utf-8")
    found = [p for p in problems(project) if "tag" in p.message]
    assert found and found[0].path.name == Path(page).name and found[0].line == front.count("\n") + 3
    assert "is not allowed" in found[0].message


@pytest.mark.parametrize("value", ["!!float x", "!!int x", "!!bool maybe", "!!timestamp soon"])
def test_a_value_that_does_not_fit_its_tag_is_located_not_a_traceback(project, value):
    write_article(project, "bad.md", VALID_FRONT.replace("summary: Water helps your body cool down on hot days.",
                                                         f"summary: {value}"))
    [p] = problems(project)
    assert (p.path.name, p.line, p.field) == ("bad.md", 4, "summary") and "as its YAML tag" in p.message
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("site_name: Riverbend Family Medicine", f"site_name: {value}"))
    out = syndicate(project, "check")
    assert out.returncode == 1 and "site_config.yml:3: [site_name]" in out.stderr and "Traceback" not in out.stderr


def test_tags_and_categories_of_the_wrong_shape_are_errors(project):
    write_article(project, "bad.md", VALID_FRONT.replace("[summer, hydration]", "[1, [a], null]"))
    [p] = problems(project)
    assert (p.line, p.field) == (9, "tags") and "list of words" in p.message


def test_duplicate_keys_in_front_matter_name_both_lines(project):
    write_article(project, "dup.md", VALID_FRONT + "title: Something else\n")
    [p] = problems(project)
    assert (p.path.name, p.line, p.field) == ("dup.md", 10, "title")
    assert "appears twice (first on line 2)" in p.message and "keep one" in p.fix


def test_duplicate_keys_in_an_ordinary_page(project):
    (project / "content" / "index.md").write_text("---\ntitle: Home\ntitle: Other\n---\n\nHi.\n", encoding="utf-8")
    [p] = problems(project)
    assert (p.path.name, p.line) == ("index.md", 3)


def test_a_second_clinician_with_the_same_id_is_refused(project):
    config = project / "site_config.yml"
    text = config.read_text()
    config.write_text(text.replace("        whitfield:", "        okafor:\n          name: An Impostor\n        whitfield:"))
    lines = config.read_text().splitlines()
    first, second = [i + 1 for i, line in enumerate(lines) if line == "        okafor:"]
    with pytest.raises(InputError) as info:
        load_practice(config)
    [p] = info.value.problems
    assert p.path == config and p.field == "plugins[0].syndicate.clinicians.okafor"
    assert f"appears twice (first on line {first})" in p.message and p.line == second
    refuse_everywhere(config.parent, f"site_config.yml:{second}", "okafor")


def test_site_config_cannot_run_code_through_mkdocs_loader(project, tmp_path):
    marker = tmp_path / "ran"
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace(
        "site_name: Riverbend Family Medicine", f"site_name: !!python/object/apply:os.system ['touch {marker}']"))
    out = syndicate(project, "build")
    assert out.returncode == 1 and "site_config.yml:3" in out.stderr and "not allowed" in out.stderr
    assert not marker.exists()


def test_site_config_keeps_mkdocs_own_tags(project, monkeypatch):
    config = project / "site_config.yml"
    monkeypatch.setenv("PRACTICE_NAME", "Riverbend Family Medicine")
    config.write_text(config.read_text().replace("site_name: Riverbend Family Medicine", "site_name: !ENV PRACTICE_NAME"))
    assert load_practice(config).name == "Riverbend Family Medicine"


def test_site_config_allows_materials_emoji_functions_but_no_other_python(project):
    config = project / "site_config.yml"
    emoji = ("  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
             "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n")
    config.write_text(config.read_text().replace("  - attr_list\n", "  - attr_list\n" + emoji))
    load_practice(config)
    config.write_text(config.read_text().replace("material.extensions.emoji.to_svg", "os.system"))
    with pytest.raises(InputError, match="python/name:os.system' is not allowed"):
        load_practice(config)


def test_site_config_may_not_inherit_another_file(project):
    config = project / "site_config.yml"
    config.write_text("INHERIT: ../other.yml\n" + config.read_text())
    with pytest.raises(InputError, match="INHERIT"):
        load_practice(config)


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("value", ["5", "Friday", "0001-01-01", "9999-12-31 08:00", "2026-13-01", "March 3, 2026",
                                   "2026-03", "tomorrow", "1/2/2026"])
def test_only_real_dates_in_the_accepted_forms(project, value):
    write_article(project, "bad.md", VALID_FRONT.replace("2026-07-01 08:00", value))
    [p] = problems(project)
    assert (p.path.name, p.line, p.field) == ("bad.md", 3, "date") and "not a real date" in p.message
    assert "YYYY-MM-DD" in p.fix


@pytest.mark.parametrize("value", ["2026-07-01", "2026-07-01 08:00", "2026-07-01T08:00:00", "2026-07-01 08:00 -05:00",
                                   "2026-07-01T08:00:00Z", "1900-01-01", "2100-12-31 23:59 -12:00"])
def test_accepted_dates_load_and_the_calendar_handles_them(project, value):
    write_article(project, "edge.md", VALID_FRONT.replace("2026-07-01 08:00", value).replace("last_reviewed: 2026-06-20", "last_reviewed: 1900-01-01"))
    assert "edge" in {a.slug for a in load_articles(load_practice(project / "site_config.yml"))}
    out = syndicate(project, "calendar", "--weeks", "4")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr


def test_last_reviewed_may_not_be_in_the_future(project):
    # The medical-review rules own this (review.future, syndicate/review.py); here: all three commands agree.
    write_article(project, "bad.md", VALID_FRONT.replace("last_reviewed: 2026-06-20", "last_reviewed: 2026-11-27"))
    refuse_everywhere(project, "bad.md:7", "review.future")


def test_calendar_and_preview_take_a_naive_now(project):
    for command in ("calendar", "preview"):
        out = syndicate(project, command, "--now", "2026-11-26T12:00")
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    bad = syndicate(project, "calendar", "--now", "Friday")
    assert bad.returncode == 2 and "--now" in bad.stderr and "Traceback" not in bad.stderr
    far = syndicate(project, "calendar", "--weeks", "99999999")
    assert far.returncode == 2 and "--weeks" in far.stderr and "Traceback" not in far.stderr


# ---------------------------------------------------------------- topics and reserved names

def test_topics_that_share_an_address_are_merged_with_a_warning(project):
    write_article(project, "a.md", VALID_FRONT.replace("[Healthy living]", "[Heart health]").replace("[summer, hydration]", "[Heart-Health, summer]"))
    write_article(project, "b.md", VALID_FRONT.replace("[Healthy living]", "[heart-health]").replace("[summer, hydration]", "[heart health, HEART HEALTH]"))
    result = build_site(project / "site_config.yml")
    category = (result.site_dir / "categories" / "heart-health" / "index.html").read_text()
    assert ">Drink water in the heat<" in category and category.count('class="syn-card"') == 3  # a, b and the sample
    tag = (result.site_dir / "tags" / "heart-health" / "index.html").read_text()
    assert tag.count('class="syn-card"') == 2
    assert any("b.md" in w and "same address" in w for w in result.warnings)
    import feedparser
    feed = feedparser.parse(str(result.site_dir / "categories" / "heart-health" / "feed.xml"))
    assert len(feed.entries) == 3
    out = syndicate(project, "check", "--format", "json")
    assert '"topic.variant"' in out.stdout and "a.md" in out.stdout


def test_a_tag_named_index_does_not_replace_the_list_of_tags(project):
    write_article(project, "a.md", VALID_FRONT.replace("[summer, hydration]", "[Index]"))
    site = build_site(project / "site_config.yml").site_dir
    assert "syn-index" in (site / "tags" / "index.html").read_text()
    assert "Drink water in the heat" in (site / "tags" / "index-topic" / "index.html").read_text()


def test_an_article_named_index_cannot_replace_the_article_listing(project):
    write_article(project, "index.md", VALID_FRONT)
    [p] = problems(project)
    assert p.path.name == "index.md" and "list of all articles" in p.message and "rename" in p.fix
    refuse_everywhere(project, "index.md")


@pytest.mark.parametrize("name", ["articles/x.es.md", "about-us.md", "articles/y.md"])
def test_a_pipe_named_like_a_page_is_refused_without_being_opened(tmp_path, name):
    """Opening a FIFO blocks until someone writes to it: `check` would hang for ever (attack 11)."""
    project = copy_project(tmp_path / "project")
    fifo = project / "content" / name
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-c", "from syndicate.cli import main; main()", "check"], cwd=project,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{fifo}: this is not a regular file" in result.stderr


def test_load_article_refuses_a_pipe_without_opening_it(tmp_path):
    from syndicate.article import load_article
    project = copy_project(tmp_path / "project")
    fifo = project / "content" / "articles" / "z.md"
    os.mkfifo(fifo)
    # Should it be opened after all, a writer that comes and goes unblocks the reader, so a
    # regression fails this test instead of hanging the suite.
    import threading
    unblock = threading.Timer(5, lambda: open(fifo, "w").close())
    unblock.daemon = True
    unblock.start()
    try:
        with pytest.raises(InputError, match="not a regular file"):
            load_article(fifo, load_practice(project / "site_config.yml"))
    finally:
        unblock.cancel()
