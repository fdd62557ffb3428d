"""The gate between content and the public: every check over every article, located in its file.

`build` and `post` both refuse an unaccepted error; `syndicate check` shows everything.
Rules live in syndicate.checks; this module only decides what text to give them and where
a finding sits in the clinician's file.
"""
from __future__ import annotations

import dataclasses
import re
from contextlib import nullcontext
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from . import cores, review
from .article import Article
from .errors import InputError, Problem
from .checks import AllowList, Finding, blocks_publication, load_tables, readability, scan_image, scan_text
from .checks.accept import apply_markers, parse_markers
from .checks.address import address_findings, address_words, scan_address
from .checks.context import Doc
from .checks.findings import make_finding
from .checks.recognizers.images import photo_review_reason
from .locales import DEFAULT, page_language
from .paths import everything_under
from .practice import Practice
from .public import MEDIA, PAGE, TEXT, UNCHECKED, PublicFile, public_files, url_path
from .review import review_due  # noqa: F401  (part of this module's API: `syndicate review-due` uses it)
from .workers import close as close_pool
from .text_index import LineIndex
from .workers import fork_pool, imap

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


@dataclass(frozen=True)
class Located:
    """A finding placed in a file: what `check` prints and what the gate counts."""

    path: Path
    line: int
    col: int
    start: int  # character offsets in the scanned text (the file, or the teaser for teaser findings)
    end: int
    field: str | None  # "body", a front-matter key, or "teaser:<platform>"
    finding: Finding

    @property
    def blocking(self) -> bool:
        return blocks_publication(self.finding)

    def __str__(self) -> str:
        f = self.finding
        where = f"{self.path}:{self.line}:{self.col}"
        state = f" (accepted: {f.accepted})" if f.accepted else ""
        context = f" in {self.field}" if self.field and self.field != "body" else ""
        return f"{where}: {f.severity} [{f.rule}]{context} “{f.excerpt}”{state}\n    {f.message}\n    how to fix: {f.fix}"


def allow_list(practice: Practice) -> AllowList:
    contact, extra = practice.contact, practice.allow
    host = urlsplit(practice.url).hostname or ""
    return AllowList(
        phones=tuple(p for p in (contact.get("phone"), contact.get("fax")) if p) + extra["phones"],
        emails=tuple(e for e in (contact.get("email"),) if e) + extra["emails"],
        addresses=tuple(a for a in (contact.get("address"),) if a) + extra["addresses"],
        names=tuple(c.display for c in practice.clinicians.values()) + extra["names"],
        domains=(host,) + extra["domains"] if host else extra["domains"],
    )


_SCANS: dict = {}  # (allow-list, text) -> findings; lives as long as the process (a `serve` session)
_SCAN_CACHE_SIZE = 20_000


def scan(text: str, allow: AllowList, lang: str = "en") -> list[Finding]:
    """scan_text, remembered: the checks are pure, so an unchanged article is never scanned twice.
    `lang`: the text's language (an article's `lang`), which adds that language's cues."""
    key = (allow, text, lang)
    found = _SCANS.get(key)
    if found is None:
        if len(_SCANS) >= _SCAN_CACHE_SIZE:
            _SCANS.clear()
        found = _SCANS[key] = scan_text(text, allow, lang)
    return found


def _field_at(article: Article, line: int) -> str:
    if line >= article.body_line:
        return "body"
    keys = sorted(((ln, k) for k, ln in article.field_lines.items() if ln <= line), reverse=True)
    return keys[0][1] if keys else "front matter"


@lru_cache(maxsize=4096)
def _read(path: Path, mtime: float) -> str:
    return path.read_text(encoding="utf-8").lstrip("\ufeff")


def _broken_links(path: Path, practice: Practice, text: str) -> list[Finding]:
    findings = []
    docs = practice.docs_dir.resolve()
    for m in _LINK.finditer(text):
        target = m.group(1)
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith(("#", "mailto:", "tel:")) or not parts.path:
            continue
        base = docs if parts.path.startswith("/") else path.parent
        resolved = (base / unquote(parts.path.lstrip("/"))).resolve()
        if not resolved.exists() or not resolved.is_relative_to(docs):
            findings.append(make_finding("link.broken", m.start(1), m.end(1), text))
    return findings


@lru_cache(maxsize=4096)
def _readability(body: str, target: float, what: str = "article") -> Finding | None:
    return readability(body, target, what)


def _metadata(article: Article) -> list[tuple[str, str]]:
    """The front-matter values as the site and the teasers show them, field by field: parsed (so a
    YAML escape such as "\\x61" is undone), and each tag as the page title and the hashtag it becomes."""
    from .teasers import hashtag
    values = [("title", article.title), ("summary", article.summary)]
    values += [("image_alt", article.image_alt)] if article.image_alt else []
    values += [("categories", c) for c in article.categories]
    values += [("tags", t) for t in article.tags] + [("tags", hashtag(t)) for t in article.tags]
    values += [("teaser", t) for t in article.teasers.values()]
    return [(key, value) for key, value in values if value]


def _review_findings(article: Article, practice: Practice, text: str,
                     today: date) -> list[tuple[str | None, int | None, Finding]]:
    """(field, offset, finding) for the medical-review rules; drafts are exempt."""
    if article.draft:
        return []
    out: list[tuple[str | None, int | None, Finding]] = []
    for key, finding in (review.review_missing(article) + review.review_by_author(article, practice)
                         + review.review_in_future(article, today)):
        out.append((key, None, finding))
    out += [(None, offset, finding) for offset, finding in review.placeholders(article, text)]
    return out


def check_article(article: Article, practice: Practice, allow: AllowList, now: datetime,
                  teasers: dict[str, str] | None = None, *, advisories: bool = True) -> list[Located]:
    """Everything wrong with one article. `teasers`: platform -> generated teaser text to scan as well
    (most platforms' teasers are the same text once the link is out, and `scan` remembers it).
    `advisories=False` skips the checks that can only warn (reading level, review date): the gate
    in `build` needs only what blocks. Whether the file changed in git after its review is
    `check_articles`' to say: one `git log` answers for the whole site."""
    text = _read(article.path, article.path.stat().st_mtime)
    lines = LineIndex(text)
    out: list[Located] = []

    def at(offset: int, finding: Finding, field: str | None = None) -> Located:
        line, col = lines.place(offset)
        return Located(article.path, line, col, finding.start, finding.end, field or _field_at(article, line), finding)

    def at_field(key: str, finding: Finding) -> Located:
        line = article.field_lines.get(key, 1)
        return Located(article.path, line, 1, finding.start, finding.end, key, finding)

    findings = scan(text, allow, article.lang) + _broken_links(article.path, practice, text)
    out += [at(f.start, f) for f in findings]
    seen = {(f.rule, f.excerpt) for f in findings}
    by_field: list[tuple[str, Finding]] = []
    # A value found verbatim in the file was scanned with it; the rest (hashtags, YAML escapes, folded
    # lines) and the slug's words in one scan, a blank line apart so no sentence runs into the next.
    words = address_words(article.slug)
    values = [("slug", words)] + [(key, value) for key, value in _metadata(article) if value not in text]
    starts = [0]
    for _, value in values:
        starts.append(starts[-1] + len(value) + 2)
    in_slug = []
    for f in scan("\n\n".join(value for _, value in values), allow, article.lang):
        if f.end <= len(words):
            in_slug.append(f)
        elif (f.rule, f.excerpt) not in seen and f.severity == "error":
            seen.add((f.rule, f.excerpt))
            by_field.append((values[bisect_right(starts, f.start) - 1][0], f))
    by_field += [("slug", f) for f in address_findings(article.slug, words, in_slug, allow)]
    if article.slug != article.path.stem:
        # A 'slug:' keeps the file name out of the URL, but not out of the repository, its history and
        # links people share from it: the name is checked as well.
        out += [Located(article.path, 1, 1, 0, 0, "file name", f) for f in _address(article.path.stem, allow)]
    if by_field:
        # A marker in the front matter (as a YAML comment) accepts what is found in the field it precedes.
        doc = Doc(text)
        markers = parse_markers(doc)
        for key, f in by_field:
            offset = lines.starts[min(article.field_lines.get(key, 1), len(lines.starts)) - 1]
            [placed] = apply_markers([dataclasses.replace(f, start=offset)], markers, doc)
            out.append(at_field(key, dataclasses.replace(f, accepted=placed.accepted)))
    if article.image:
        image_line = article.field_lines.get("image", 1)
        offset = lines.starts[image_line - 1]
        out += [at(offset, f, "image") for f in scan_image(article.image, article.image_alt, None, allow)]
    today = now.astimezone(practice.timezone).date()
    for key, offset, f in _review_findings(article, practice, text, today):
        out.append(at(offset, f) if offset is not None else at_field(key, f))
    # SMOG and Flesch-Kincaid are English formulas with English syllables: a Spanish text would read
    # grades too high, so only English articles are graded.
    grade = _readability(article.body, practice.reading_grade) if advisories and article.lang == DEFAULT else None
    if grade:
        out.append(at(lines.starts[min(article.body_line, len(lines.starts)) - 1], grade, "body"))
    if advisories:
        out += [at_field("categories", f) for f in notice_findings(article, practice)]
    stale = review_due(article, practice, today) if advisories else None
    if stale:
        out.append(at_field("last_reviewed", stale))
    for platform, teaser in (teasers or {}).items():
        line = article.field_lines.get("teaser") or article.field_lines.get("summary", 1)
        for f in scan(teaser, allow, article.lang):
            if (f.rule, f.excerpt) not in seen and f.rule != "phi.url":
                out.append(Located(article.path, line, 1, f.start, f.end, f"teaser:{platform}", f))
    return sorted(out, key=_in_file_order)


@lru_cache(maxsize=8192)
def _address(address: str, allow: AllowList) -> list[Finding]:
    return scan_address(address, allow)


_FRONT = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)


def check_file(file: PublicFile, practice: Practice, allow: AllowList, *, advisories: bool = True) -> list[Located]:
    """Everything wrong with a public file that is not an article: a page (home, about, policies, any
    other Markdown), a text file copied as it is, or a picture (its name only)."""
    where = url_path(file.src_uri)

    def whole_file(finding: Finding, field: str) -> Located:
        return Located(file.path, 1, 1, finding.start, finding.end, field, finding)

    if file.kind == UNCHECKED:
        outside = not file.path.resolve().is_relative_to(practice.docs_dir.resolve())
        why = ("This is a link to a file outside content/, which the safety check never reads"
               if outside else f"The safety check cannot read this kind of file ({file.path.suffix or 'no extension'})")
        return [whole_file(make_finding("file.unchecked", 0, 0, "", excerpt=file.src_uri,
                                        message=f"{why}, so it is left out of the site."), "file")]
    out = [whole_file(f, "file name") for f in _address(where, allow)]
    if file.kind == MEDIA:
        reason = photo_review_reason(file.src_uri, None, None, allow)
        if reason:
            out.append(whole_file(make_finding("photo.review", 0, 0, "", excerpt=file.src_uri,
                                               message=f"This image may show a patient: {reason}."), "file name"))
        return out
    try:
        text = _read(file.path, file.path.stat().st_mtime)
    except UnicodeDecodeError:
        return out + [whole_file(make_finding("file.unreadable", 0, 0, "", excerpt=file.src_uri), "file")]
    lines = LineIndex(text)
    front = _FRONT.match(text) if file.kind == PAGE else None
    body_from = front.end() if front else 0
    findings = scan(text, allow, page_language(file.src_uri, practice.language)) + (_broken_links(file.path, practice, text) if file.kind == PAGE else [])
    for f in findings:
        line, col = lines.place(f.start)
        field = "front matter" if f.start < body_from else ("body" if file.kind == PAGE else None)
        out.append(Located(file.path, line, col, f.start, f.end, field, f))
    if file.kind == PAGE and advisories:  # home, about, policies: patients read them too (a warning, never a blocker)
        grade = _readability(text[body_from:], practice.reading_grade, "page")
        if grade:
            line, col = lines.place(body_from)
            out.append(Located(file.path, line, col, body_from, len(text), "body", grade))
    if front:
        seen = {(f.rule, f.excerpt) for f in findings}
        out += [Located(file.path, 2, 1, f.start, f.end, "front matter", f)
                for f in _front_matter_values(front.group(), text, allow) if (f.rule, f.excerpt) not in seen]
    return out


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _front_matter_values(front: str, text: str, allow: AllowList) -> list[Finding]:
    """A page's front-matter values as MkDocs reads them (YAML escapes undone), where they differ from the file."""
    try:
        data = yaml.load(front.strip().strip("-"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # MkDocs reports the broken front matter itself; the raw text was scanned
    values = [v for v in _strings(data) if v.strip() and v not in text]
    return [f for f in scan("\n\n".join(values), allow) if f.severity == "error"] if values else []


def check_files(practice: Practice, allow: AllowList | None = None,
                paths: set[Path] | None = None, *, advisories: bool = True) -> list[Located]:
    """Every public file in content/ that is not an article (or only those in `paths`)."""
    allow = allow or allow_list(practice)
    out = site_findings(practice) if paths is None or practice.config_path in paths else []
    for file in public_files(practice):
        if file.kind in (PAGE, TEXT, MEDIA, UNCHECKED) and (paths is None or file.path.resolve() in paths):
            out += check_file(file, practice, allow, advisories=advisories)
    return sorted(out, key=_in_file_order)


def site_findings(practice: Practice) -> list[Located]:
    """What is wrong with the site as a whole, located in site_config.yml."""
    from .practice import privacy_notice_problem
    out = _profile_findings(practice)
    problem = privacy_notice_problem(practice)
    if problem is None:
        return out
    line = _config_line(practice.config_path, "privacy_notice")
    message, fix = problem
    finding = dataclasses.replace(make_finding("site.privacy_notice", 0, 0, "", excerpt="privacy_notice",
                                               message=message[0].upper() + message[1:] + "."), fix=fix)
    return out + [Located(practice.config_path, line, 1, 0, 0, "privacy_notice", finding)]


def _profile_findings(practice: Practice) -> list[Located]:
    """The roster's words become public profile pages: they are checked like any page's text."""
    allow = allow_list(practice)
    out = []
    for cid, c in practice.clinicians.items():
        # A profile may call its clinician by first name ("Priya sees patients..."); nobody else.
        own = dataclasses.replace(allow, names=allow.names + (c.name, *c.name.split()))
        for key, text in (("bio", c.bio), ("photo_alt", c.photo_alt or ""), *(("qualifications", q) for q in c.qualifications)):
            for f in scan(text, own) if text else []:
                out.append(Located(practice.config_path, _config_line(practice.config_path, f"{key}:", within=cid), 1,
                                   f.start, f.end, f"clinicians.{cid}.{key}", f))
    return out


def _config_line(path: Path, key: str, within: str | None = None) -> int:
    """The line of `key:` in site_config.yml (after the line `within:` when given), or 1."""
    key = key.rstrip(":")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        start = next((i for i, t in enumerate(lines) if within and t.strip() == f"{within}:"), 0)
        for number, text in enumerate(lines[start:], start + 1):
            if text.strip().startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return 1


def notice_findings(article: Article, practice: Practice) -> list[Finding]:
    """A warning for a time-bound notice (a category in notice_categories) without 'expires:'."""
    wanted = {c.lower() for c in practice.notice_categories}
    if article.expires is None and any(c.lower() in wanted for c in article.categories):
        return [make_finding("notice.expires", 0, 0, "", excerpt=", ".join(article.categories))]
    return []


_COMPOSERS: dict = {}  # (platform, its options) -> a client used only to compose: building one opens an HTTP session


def _composer(name: str, practice: Practice):
    from .platforms import platform_class
    options = practice.platform_options.get(name)
    key = (name, repr(options))
    if key not in _COMPOSERS:
        _COMPOSERS[key] = platform_class(name)(options=options, env={})
    return _COMPOSERS[key]


def teaser_texts(article: Article, practice: Practice) -> dict[str, str]:
    """The teaser of each of the article's platforms, link removed (it is the practice's own URL)."""
    from .teasers import TeaserError, compose
    texts = {}
    for name in article.platforms:
        try:
            teaser = compose(article, _composer(name, practice), practice)
        except TeaserError:
            continue  # too long to compose: `preview` reports it; its parts are scanned in the file already
        # Stripped: the link leaves a blank line behind on the platforms that carry it in the text, and without
        # it their teasers are one text, scanned once (`scan` remembers texts).
        texts[name] = teaser.text.replace(teaser.link, "").strip()
    return texts


_SHARED: dict = {}  # for forked workers: set just before the pool starts
PARALLEL_FROM = 40  # articles; below this a pool costs more than it saves


def _check_one(index: int) -> list[Located] | None:
    """One article's findings; None when its file vanished after it was loaded (an editor saving by rename)."""
    s = _SHARED
    article = s["articles"][index]
    try:
        return check_article(article, s["practice"], s["allow"], s["now"],
                             teaser_texts(article, s["practice"]) if s["teasers"] else None, advisories=s["advisories"])
    except FileNotFoundError:
        return None


def _vanished(paths: list[Path]) -> InputError:
    return InputError([Problem(p, None, None, "this file was removed or renamed while it was being checked",
                               "run the command again once the file is saved") for p in paths])


_RESULTS: dict = {}  # per article and its inputs -> findings; kept for a `serve` session's rebuilds


def _result_key(article: Article, settings: tuple) -> tuple:
    stat = article.path.stat()
    return (article.path, stat.st_mtime_ns, stat.st_size, *settings)


def _docs_files(practice: Practice) -> int:
    """Which files exist in content/: a link that was broken is fixed by adding the file, and vice versa."""
    return hash(frozenset(everything_under(practice.docs_dir)))


def check_articles(articles: list[Article], practice: Practice, now: datetime, *, teasers: bool = True,
                   advisories: bool = True) -> list[Located]:
    """Every finding in these articles, using every core for a large site (the checks are pure).

    Results are remembered per article, file and settings, so a long-running `serve` re-checks
    only what changed (forked workers cannot fill the parent's memo, so it is kept here)."""
    allow = allow_list(practice)
    today = now.astimezone(practice.timezone).date()
    settings = (practice.config_path.stat().st_mtime_ns, allow, today, teasers, advisories, _docs_files(practice))
    try:
        keys = [_result_key(a, settings) for a in articles]
    except FileNotFoundError as gone:
        raise _vanished([Path(gone.filename)]) from None
    todo = [i for i, key in enumerate(keys) if key not in _RESULTS]
    _SHARED.update(articles=articles, practice=practice, allow=allow, now=now, teasers=teasers, advisories=advisories)
    # One `git log` for the whole site, and only where its answer is shown (a warning).
    wanted = bool(advisories and articles)
    workers = cores.processes(cap=cores.CHECK_PROCESSES)
    parallel = len(todo) >= PARALLEL_FROM and workers > 1
    if parallel:
        load_tables()  # once here, inherited by every worker (the parent needs them for the other pages anyway)
        pool = fork_pool(workers)
        try:
            # git starts after the fork (the workers inherit none of its pipes) and runs beside them; leaving
            # the block early stops it, so an interrupt does not wait for git.
            with review.last_commits_started(practice.docs_dir) if wanted else nullcontext(dict) as commits_of:
                fresh = list(imap(pool, _check_one, todo, chunksize=16))
                commits = commits_of()
        finally:
            close_pool(pool)
    else:
        fresh = [_check_one(i) for i in todo]
        commits = review.last_commits(practice.docs_dir) if wanted else {}
    if any(found is None for found in fresh):
        raise _vanished([articles[i].path for i, found in zip(todo, fresh) if found is None])
    if len(_RESULTS) > 20_000:
        _RESULTS.clear()
    for i, found in zip(todo, fresh):
        _RESULTS[keys[i]] = found
    stale = _stale_review_findings(articles, practice, commits) if commits else {}
    return [found for i, key in enumerate(keys)
            for found in (sorted(_RESULTS[key] + [stale[i]], key=_in_file_order) if i in stale else _RESULTS[key])]


def _in_file_order(located: Located) -> tuple:
    return (str(located.path), located.line, located.col)


def _stale_review_findings(articles: list[Article], practice: Practice, commits: dict) -> dict[int, Located]:
    """Article index -> its review.stale warning: the file changed in git after its review was recorded.
    (resolve() asks the file system about every folder on the way: once per article, and only inside git.)"""
    out = {}
    for i, a in enumerate(articles):
        changed = None if a.draft else review.changed_after_review(a, practice, commits.get(a.path.resolve()))
        if changed:
            out[i] = Located(a.path, a.field_lines.get("last_reviewed", 1), 1, changed.start, changed.end, "last_reviewed",
                             changed)
    return out


def gate_errors(articles: list[Article], practice: Practice, *, teasers: bool = True, files: bool = True) -> list[str]:
    """One line per unaccepted error in these articles and, with `files`, in every other public file
    of content/ (pages, text files, picture names). Empty when they are safe to publish."""
    from . import clock
    found = check_articles(articles, practice, clock.now(), teasers=teasers, advisories=False)
    if files:
        found += check_files(practice, advisories=False)
    return [f"{l.path}:{l.line}:{l.col}: [{l.finding.rule}] “{l.finding.excerpt}”" for l in found if l.blocking]


def stale_reviews(articles: list[Article], practice: Practice) -> list[str]:
    """One line per published article whose file changed in git after its review was recorded:
    `build` and `post` print them as warnings (the page still goes out; `check` shows them too)."""
    commits = review.last_commits(practice.docs_dir) if articles else {}
    return [f"{l.path}:{l.line}: [review.stale] {l.finding.message}"
            for l in _stale_review_findings(articles, practice, commits).values()]
