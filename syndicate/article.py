"""The front-matter schema, in one place. Every later stage reads Article fields; none parses YAML again."""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime  # noqa: F401  (date: used in the annotation of last_reviewed)
from pathlib import Path

import frontmatter
import yaml

from . import bounded_yaml, cores, field_rules, images, pages
from .errors import InputError, Problem
from .locales import DEFAULT, LANGUAGES, base_language, named_language
from .paths import body_image_problems, content_image, content_tree_problems, is_regular_file
from .practice import Practice
from .public import ARTICLE, PAGE, PublicFile, public_files, url_path
from .platforms import platform_names
from .slugs import slugify
from .workers import close as close_pool
from .workers import fork_pool, imap

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = {
    "title": "the headline patients see",
    "date": "when it goes public, e.g. 2026-03-01 09:00",
    "updated": "when it last changed materially",
    "summary": "one or two sentences for search results, feeds and teasers",
    "authors": "clinician ids from site_config.yml",
    "reviewed_by": "the clinician id of the medical reviewer",
    "last_reviewed": "the date of the last medical review",
    "categories": "a list of topics",
    "tags": "a list of keywords (also used as hashtags)",
    "image": "path of the share image inside content/",
    "image_alt": "what the image shows, for people who cannot see it",
    "draft": "true keeps it out of the site",
    "slug": "the address part, lower-case words joined by hyphens",
    "platforms": "where to post teasers; defaults to the practice's platforms",
    "teaser": "per-platform teaser text, e.g. {bluesky: '...'}",
    "about": "what the article is about for search engines, e.g. [Measles] or [{name: Sleep, type: Thing}]",
    "expires": "when a time-bound notice ends, e.g. 2026-07-31; after it the page says the notice has ended",
    "lang": "the article's language as a code, e.g. es for Spanish; defaults to en",
    "translation_of": "the slug of the article this one translates, e.g. flu-shots-2026",
}
LANG_RE = re.compile(r"^[a-z]{2,3}$")  # an ISO 639 language code: what <html lang>, hreflang and Bluesky take
# schema.org types an article may say it is about; a plain name means a MedicalCondition.
ABOUT_TYPES = ("MedicalCondition", "InfectiousDisease", "Drug", "MedicalProcedure", "MedicalTest",
               "AnatomicalStructure", "MedicalSignOrSymptom", "Thing")


@dataclass(frozen=True)
class Article:
    path: Path
    src_uri: str  # path relative to docs_dir, as MkDocs names the file
    slug: str
    title: str
    date: datetime
    updated: datetime | None
    summary: str
    authors: tuple[str, ...]
    reviewed_by: str | None
    last_reviewed: date | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    image: str | None
    image_alt: str | None
    draft: bool
    platforms: tuple[str, ...]
    teasers: dict[str, str]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    field_lines: dict[str, int] = field(default_factory=dict)
    url: str = ""
    about: tuple[tuple[str, str], ...] = ()  # (schema.org type, name), only as the front matter says
    expires: datetime | None = None
    lang: str = DEFAULT  # the article's language: SLUG.es.md, or `lang:`; else the site's (theme.language)
    translation_of: str | None = None  # the slug of the original, for a translation
    address: str = ""  # its folder in the site: articles/SLUG/, or es/articles/SLUG/ for SLUG.es.md

    def is_published(self, now: datetime) -> bool:
        return not self.draft and self.date <= now

    def has_expired(self, now: datetime) -> bool:
        return self.expires is not None and self.expires <= now

    @property
    def modified(self) -> datetime:
        return self.updated or self.date


def _parse_front_matter(fm_text: str, first_line: int, path: Path) -> tuple[object, dict[str, int]]:
    """The data and the line of each key, from one bounded parse (see bounded_yaml)."""
    return bounded_yaml.parse_front_matter(fm_text, first_line, path)


class _Reader:
    """Validates one file, collecting every problem rather than stopping at the first."""

    def __init__(self, path: Path, practice: Practice):
        self.path = path
        self.practice = practice
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def problem(self, key: str | None, message: str, fix: str, line: int | None = None):
        self.problems.append(Problem(self.path, line or self.lines.get(key, 1), key, message, fix))

    def text(self, data, key, *, required=False) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key, f"'{key}' is missing or empty", f"add '{key}:' with {FIELDS[key]}", line=self.lines.get(key, 1))
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(key, f"'{key}' must be text, not {type(value).__name__}", f"write '{key}:' as plain text ({FIELDS[key]})")
            return None
        return str(value).strip()

    def when(self, data, key, *, required=False) -> datetime | None:
        raw = self.text(data, key, required=required)
        if raw is None:
            return None
        value, wrong = field_rules.parse_date(raw, self.practice.timezone)
        if wrong:
            self.problem(key, f"'{key}: {raw}' {wrong}", field_rules.DATE_FIX)
        return value

    def names(self, data, key) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            self.problem(key, f"'{key}' must be a list of words", f"write it as [{key[:-1] if key.endswith('s') else key}-one, another]")
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())

    def clinician(self, key: str, cid: str) -> None:
        if cid not in self.practice.clinicians:
            close = difflib.get_close_matches(cid, self.practice.clinicians, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            known = ", ".join(sorted(self.practice.clinicians)) or "none yet"
            self.problem(key, f"'{cid}' is not in the clinician roster",
                         f"{hint}use an id from 'clinicians:' in site_config.yml ({known}), or add the clinician there")


def _split(path: Path, raw: bytes) -> tuple[str, int, str, int]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem(path, line, None, f"the file is not UTF-8 text (byte {exc.start})",
                                  "save the file as UTF-8 in your editor (File > Save with encoding > UTF-8)")]) from None
    text = text.lstrip("\ufeff")
    boundary = frontmatter.YAMLHandler.FM_BOUNDARY
    marks = list(boundary.finditer(text))
    if not text.startswith("---") or len(marks) < 2 or marks[0].start() != 0:
        raise InputError([Problem(path, 1, None, "the file has no front matter block",
                                  "start the file with '---', the fields (title:, date:, ...), then '---'")])
    fm = text[marks[0].end(): marks[1].start()]
    fm_line = text[: marks[0].end()].count("\n") + 1
    rest = text[marks[1].end():]
    body = rest.lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return fm, fm_line, body, body_line


def load_article(path: Path, practice: Practice) -> Article:
    """Reads and validates one article; raises InputError listing every problem in it."""
    docs_dir = practice.docs_dir.resolve()
    if path.is_symlink() and not path.resolve().is_relative_to(docs_dir):
        raise InputError([Problem(path, None, None, "this is a link to a file outside content/",
                                  "copy the file into content/ instead of linking to it")])
    if (reserved := field_rules.reserved_name_problem(path)) is not None:
        raise InputError([reserved])
    if not is_regular_file(path):  # never opened: reading a pipe blocks for ever
        raise InputError([Problem(path, None, None, "this is not a regular file (a pipe, socket, device or folder); "
                                  "it cannot be an article", "delete it, or save the article as a plain .md file")])
    fm_text, fm_line, body, body_line = _split(path, path.read_bytes())
    pages.read_by_loader(path, fm_text)
    try:
        data, lines = _parse_front_matter(fm_text, fm_line, path)
        data = data or {}
    except yaml.YAMLError as exc:
        raise InputError([bounded_yaml.syntax_problem(exc, path, fm_line, fm_text)]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(path, fm_line, None, "the front matter must be 'key: value' lines",
                                  "write one field per line, e.g. 'title: Flu shots are here'")])
    r = _Reader(path, practice)
    r.lines = lines

    for key in data:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(FIELDS)}"
            r.problem(str(key), f"unknown field '{key}'", hint)

    title = r.text(data, "title", required=True)
    when = r.when(data, "date", required=True)
    updated = r.when(data, "updated")
    summary = r.text(data, "summary", required=True)
    authors = r.names(data, "authors")
    if "authors" in data and not authors or "authors" not in data:
        r.problem("authors", "'authors' is missing", "add 'authors: [clinician-id]' using ids from site_config.yml")
    for a in authors:
        r.clinician("authors", a)
    reviewed_by = r.text(data, "reviewed_by")
    if reviewed_by:
        r.clinician("reviewed_by", reviewed_by)
    last_reviewed = r.when(data, "last_reviewed")
    if reviewed_by and not last_reviewed:
        r.problem("reviewed_by", "'reviewed_by' is set but 'last_reviewed' is missing",
                  "add 'last_reviewed: YYYY-MM-DD', the date of the medical review")
    image = r.text(data, "image")
    image_alt = r.text(data, "image_alt")
    if image and not image_alt:
        r.problem("image", "the image has no alt text",
                  "add 'image_alt:' describing what the image shows, for patients using screen readers")
    if image:
        image, why = content_image(image, practice.docs_dir, practice.docs_dir)
        if why:
            r.problem("image", *why)
    r.problems += body_image_problems(path, body, body_line, practice.docs_dir)
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        r.problem("draft", "'draft' must be true or false", "write 'draft: true' or 'draft: false'")
        draft = True
    explicit_slug = r.text(data, "slug")
    slug = explicit_slug or _slug_from_name(path.stem)
    if not SLUG_RE.match(slug):
        r.problem("slug", f"'{slug}' is not a valid slug", "use lower-case letters, digits and hyphens, e.g. flu-shots-2026")
    known = platform_names()
    platforms = r.names(data, "platforms") if "platforms" in data else practice.platforms
    for p in platforms:
        if p not in known:
            close = difflib.get_close_matches(p, known, n=1)
            r.problem("platforms", f"unknown platform '{p}'",
                      (f"did you mean '{close[0]}'? " if close else "") + f"choose from {', '.join(known)}")
        elif p not in practice.platforms:
            # An article narrows the practice's list; a platform set up nowhere has no settings to post with.
            r.problem("platforms", f"'{p}' is not one of the practice's platforms ({', '.join(practice.platforms)})",
                      f"remove it here, or add it to 'platforms:' in site_config.yml with its platform_options")
    teasers = data.get("teaser") or {}
    if not isinstance(teasers, dict) or not all(isinstance(v, str) for v in teasers.values()):
        r.problem("teaser", "'teaser' must map platform names to text", "write e.g. teaser: {bluesky: 'Flu shots are here'}")
        teasers = {}
    for p in teasers:
        if p not in known:
            r.problem("teaser", f"teaser for unknown platform '{p}'", f"choose from {', '.join(known)}")

    # SLUG.es.md is the Spanish version of SLUG.md (the Hugo and mkdocs-static-i18n convention).
    named = named_language(path.stem, practice.language)  # "flu.ES", "flu.es-MX" are Spanish; "covid.faq" is no language
    written = r.text(data, "lang")
    lang = base_language(written) if written and LANG_RE.match(base_language(written)) else (
        written or (named[1] if named else practice.language))
    if not LANG_RE.match(lang):
        r.problem("lang", f"'{lang}' is not a language code", "write a two-letter code, e.g. 'lang: es' for Spanish")
    elif lang not in LANGUAGES and lang != practice.language:  # the site's own language needs no words of ours
        r.problem("lang" if "lang" in data else None,
                  f"'{lang}' is not a language the site publishes in" + ("" if "lang" in data else " (from the file name)"),
                  f"write it in {' or '.join(LANGUAGES)} ('lang: es' for Spanish), or rename the file; the site's own "
                  "words in each language are in syndicate/locales.py")
    translation_of = r.text(data, "translation_of") or (_slug_from_name(named[0]) if named else None)
    if translation_of is not None and (not SLUG_RE.match(translation_of) or translation_of == slug):
        r.problem("translation_of", f"'{translation_of}' is not another article's slug",
                  "write the slug of the article this one translates, e.g. 'translation_of: flu-shots-2026'")
    # The page's address: SLUG.es.md is /es/articles/SLUG/, beside SLUG.md's /articles/SLUG/. `slug`
    # keeps the language ("SLUG-es"): it names the article in the ledger, the UTM campaign and the CLI.
    name = slug if explicit_slug or not named or lang == practice.language else _slug_from_name(named[0])
    about = _about(r, data.get("about"))
    expires = r.when(data, "expires")
    if expires is not None and when is not None and expires <= when:
        r.problem("expires", "'expires' is not after 'date'", "set 'expires:' to the day the notice stops applying")

    categories, tags = r.names(data, "categories"), r.names(data, "tags")  # before the check: their problems count
    r.problems += field_rules.body_problems(path, body, body_line)
    if r.problems:
        raise InputError(r.problems)
    last_reviewed_date = last_reviewed.date() if last_reviewed else None
    return Article(
        path=path,
        src_uri=path.relative_to(practice.docs_dir).as_posix() if path.is_relative_to(practice.docs_dir) else path.name,
        slug=slug,
        title=title,
        date=when,
        updated=updated,
        summary=summary,
        authors=authors,
        reviewed_by=reviewed_by,
        last_reviewed=last_reviewed_date,
        categories=categories,
        tags=tags,
        image=image,
        image_alt=image_alt,
        draft=draft,
        platforms=tuple(platforms),
        teasers=dict(teasers),
        body=body,
        body_line=body_line,
        field_lines=r.lines,
        url=practice.article_url(name, lang),
        about=about,
        expires=expires,
        lang=lang,
        translation_of=translation_of,
        address=practice.article_path(name, lang),
    )


def _address_problems(articles: list[Article]) -> list[Problem]:
    """Two articles must never be built into one folder (say, es/articles/flu/ from flu.es.md and from
    another Spanish article with 'slug: flu'): the second would silently replace the first."""
    problems, taken = [], {}
    for a in sorted(articles, key=lambda a: str(a.path)):
        if a.address in taken and taken[a.address].slug != a.slug:  # one slug twice is reported as such
            problems.append(Problem(a.path, a.field_lines.get("slug", 1), "slug",
                                    f"its address /{a.address} is already used by {taken[a.address].path.name}",
                                    "give one of them a different 'slug:' (or rename the file)"))
        taken.setdefault(a.address, a)
    return problems


def _translation_problems(articles: list[Article]) -> list[Problem]:
    """One version per language of an article, and a `translation_of:` that names an original: else the
    original's page would carry two links for one language, or the translation silently none."""
    problems = []
    by_slug = {a.slug: a for a in articles}
    versions: dict[tuple[str, str], Article] = {}
    for a in sorted(articles, key=lambda a: (a.translation_of is not None, str(a.path))):  # originals first
        line = a.field_lines.get("translation_of") or a.field_lines.get("lang") or 1
        original = by_slug.get(a.translation_of) if a.translation_of else a
        if a.translation_of and "translation_of" in a.field_lines and (original is None or original.translation_of):
            what = "no article" if original is None else f"{original.path.name}, itself a translation of '{original.translation_of}'"
            problems.append(Problem(a.path, line, "translation_of", f"'translation_of: {a.translation_of}' names {what}",
                                    "write the slug of the original article (the one in the site's own language), "
                                    "or remove 'translation_of:'"))
            continue
        key = (a.translation_of or a.slug, a.lang)
        if key in versions and versions[key].slug != a.slug:  # one slug twice is reported as such
            problems.append(Problem(a.path, line, "translation_of" if "translation_of" in a.field_lines else "lang",
                                    f"it is a second '{a.lang}' version of '{key[0]}', beside {versions[key].path.name}",
                                    "keep one version per language: remove one, or make this one its own article "
                                    "(a file name without a language suffix, no 'translation_of:')"))
        versions.setdefault(key, a)
    return problems


def _misplaced_translations(practice: Practice, files: list[PublicFile]) -> list[Problem]:
    """A page under content/es/articles/ would be published at an article's address without being
    checked as one (no medical review), or replace the Spanish listing: it belongs beside its original."""
    problems = []
    for f in files:
        for lang in LANGUAGES:
            folder = f"{lang}/{practice.articles_dir}/"
            if lang != practice.language and f.src_uri.startswith(folder) and f.kind == PAGE:
                name = f.src_uri.removeprefix(folder).rsplit(".", 1)[0].replace("/", "-")
                problems.append(Problem(f.path, None, None,
                                        f"pages in {practice.docs_dir.name}/{folder} are not published: that folder "
                                        "is where the site puts the articles in that language",
                                        f"move it beside the English articles as {practice.docs_dir.name}/"
                                        f"{practice.articles_dir}/{name}.{lang}.md (see docs/clinician-guide.md)"))
    return problems


# What the site generates in each language's folder: the topic and tag lists, and the feeds.
_GENERATED_FOLDERS = ("categories", "tags")
_GENERATED_FILES = ("feed.xml", "rss.xml", "feed.json")


def _pages_at_generated_addresses(practice: Practice, files: list[PublicFile]) -> list[Problem]:
    """A page at the address of a generated list (content/tags/index.md, content/es/tags/index.md) would
    silently replace it, and one at a feed's (content/feed.xml.md) collide with the feed file."""
    problems = []
    prefixes = sorted({practice.lang_prefix(lang) for lang in (*LANGUAGES, practice.language)})
    for f in files:
        if f.kind != PAGE:
            continue
        address = url_path(f.src_uri)
        for prefix in prefixes:
            rest = address.removeprefix(prefix) if address.startswith(prefix) else None
            if rest is None:
                continue
            top = rest.split("/", 1)[0]
            if top in _GENERATED_FOLDERS or rest in _GENERATED_FILES:
                what = f"the {top} lists" if top in _GENERATED_FOLDERS else f"the feed {rest}"
                problems.append(Problem(f.path, None, None,
                                        f"its address /{address}/ is where the site publishes {what}"
                                        + (f" in '{prefix.rstrip('/')}'" if prefix else ""),
                                        "rename or move the page (e.g. to a folder of its own such as "
                                        f"{practice.docs_dir.name}/{prefix}pages/); the site writes those addresses itself"))
                break
    return problems


def _language_problems(articles: list[Article], practice: Practice) -> list[Problem]:
    """Every language an article is written in needs the practice's disclaimer in that language."""
    problems = []
    for lang in dict.fromkeys(a.lang for a in articles):
        if lang not in practice.disclaimers:
            first = next(a for a in articles if a.lang == lang)
            problems.append(Problem(practice.config_path, None, "plugins.syndicate.disclaimer",
                                    f"there is no disclaimer in '{lang}', the language of {first.path.name}",
                                    f"write one text per language under 'disclaimer:', e.g. "
                                    f"disclaimer: {{{DEFAULT}: \"...\", {lang}: \"...\"}} (see docs/site-config.md)"))
    return problems


def _about(r: _Reader, value) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str) and item.strip():
            out.append(("MedicalCondition", item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip() \
                and item.get("type", "MedicalCondition") in ABOUT_TYPES and set(item) <= {"name", "type"}:
            out.append((item.get("type", "MedicalCondition"), item["name"].strip()))
        else:
            r.problem("about", f"'about' entry {item!r} is not a name or {{name, type}}",
                      f"write e.g. about: [Measles] or about: [{{name: Sleep, type: Thing}}]; type is one of "
                      f"{', '.join(ABOUT_TYPES)}")
    return tuple(out)


def _slug_from_name(stem: str) -> str:
    return slugify(re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem))  # a date before the name is not part of it


def article_paths(practice: Practice) -> list[Path]:
    """Every Markdown file MkDocs would render in the articles folder: one saved as .markdown is an article too."""
    return [f.path for f in public_files(practice) if f.kind == ARTICLE]


def load_articles(practice: Practice, cache: dict | None = None) -> list[Article]:
    """All articles, newest first. Raises one InputError with the problems of every file.

    `cache` (kept by a long-running `serve`) reuses articles whose file and site config are
    unchanged since the last call, so a rebuild after one edit reads one file.
    """
    files = public_files(practice)
    config_stamp = practice.config_path.stat().st_mtime_ns
    stamped = _stamped([f.path for f in files if f.kind == ARTICLE], config_stamp)
    todo = [path for path, key in stamped if cache is None or cache.get(path, (None,))[0] != key]
    workers = cores.processes(cap=cores.CHECK_PROCESSES)
    _SHARED_PRACTICE[:] = [practice]  # before the fork: the workers inherit it
    pool = fork_pool(workers) if len(todo) >= PARALLEL_FROM and workers > 1 else None
    try:
        parsed = {}
        for path, (outcome, verdicts) in zip(todo, imap(pool, _load_one, todo, chunksize=16) if pool
                                             else map(_load_one, todo)):
            parsed[path] = outcome
            images.remember(verdicts)
    finally:
        if pool is not None:
            close_pool(pool)
    # What MkDocs would copy, links and all: mostly decoding pictures (on every core: Pillow decodes without the
    # GIL). After the articles, whose workers decoded their own pictures and sent the verdicts back: each picture
    # is decoded once, most of them in the workers.
    problems = content_tree_problems(practice.docs_dir)
    articles: list[Article] = []
    for path, key in stamped:
        if path not in parsed:
            articles.append(cache[path][1])
            continue
        outcome = parsed[path]
        if isinstance(outcome, list):
            problems += outcome
        elif outcome is not None:  # None: removed since the folder was listed (an editor saving by rename)
            articles.append(outcome)
            if cache is not None:
                cache[path] = (key, outcome)
    problems += _site_problems(practice, files, articles)
    if problems:
        raise InputError(problems)
    return sorted(articles, key=lambda a: a.date, reverse=True)


PARALLEL_FROM = 40  # articles to parse; below this a pool costs more than it saves (about 0.7 ms an article)
_SHARED_PRACTICE: list[Practice] = []  # for forked workers: set just before they are used


def _stamped(paths: list[Path], config_stamp: int) -> list[tuple[Path, tuple]]:
    """(path, what a cached article must match) for each article file that still exists."""
    out = []
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed since the folder was listed: not published
            continue
        out.append((path, (stat.st_mtime_ns, stat.st_size, config_stamp)))
    return out


def _load_one(path: Path) -> tuple[Article | list[Problem] | None, dict]:
    """One article, or its problems, or None if the file has gone; in a worker process for a large site. With
    it, the verdicts on pictures reached while reading it (images.py), for the parent to reuse."""
    known = images.known()
    return _article_or_problems(path), images.verdicts_since(known)


def _article_or_problems(path: Path) -> Article | list[Problem] | None:
    try:
        return load_article(path, _SHARED_PRACTICE[0])
    except InputError as exc:
        # Gone since the folder was listed (an editor saving by rename): not published, not "not a regular file".
        return exc.problems if os.path.lexists(path) else None
    except FileNotFoundError:
        return None


def _site_problems(practice: Practice, files: list[PublicFile], articles: list[Article]) -> list[Problem]:
    """What is wrong between articles, or between the articles and the other pages."""
    problems: list[Problem] = []
    seen: dict[str, Article] = {}
    for a in articles:
        if a.slug in seen:
            problems.append(Problem(a.path, a.field_lines.get("slug", 1), "slug",
                                    f"the slug '{a.slug}' is already used by {seen[a.slug].path.name}",
                                    "give one of them a different 'slug:' (or rename the file)"))
        seen[a.slug] = a
    problems += _address_problems(articles) + _translation_problems(articles) + _language_problems(articles, practice) + _misplaced_translations(practice, files)
    problems += _pages_at_generated_addresses(practice, files)
    paths = {f.path for f in files if f.kind == ARTICLE}
    problems += pages.page_problems(practice.docs_dir, paths)  # MkDocs reads every page's front matter
    return problems

