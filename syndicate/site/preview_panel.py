"""What only the live preview (`syndicate serve --preview`) adds to a page: the safety check's
findings as a spell checker shows them (a panel at the top, the flagged words highlighted in
place), the teaser cards below an article, and the error page shown while a build fails.

The plugin calls this only when the practice is in preview mode, which `build` never is, so a
built site carries none of it. Everything shown comes from content, so everything is rendered
through Jinja with autoescaping; the highlights re-escape the text they split.
"""
from __future__ import annotations

import dataclasses
import html
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from ..article import Article
from ..checks.findings import ACCEPTABLE_RULES, ERROR
from ..errors import InputError
from ..gate import Located, check_articles, check_files
from ..platforms import label
from ..practice import Practice

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "preview_templates"),
                          autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)

_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_RAW = re.compile(r"<(script|style|textarea|title)\b", re.IGNORECASE)  # text in these is not prose


@dataclass(frozen=True)
class Shown:
    """One finding as the panel lists it."""

    number: int
    rule: str
    severity: str
    excerpt: str
    message: str
    fix: str
    line: int
    field: str | None
    accept: str | None  # the marker that accepts it, for rules a marker may accept
    in_front_matter: bool
    highlighted: str | None = None  # the id of its highlight in the text, if the words were found there

    @property
    def anchor(self) -> str:
        return f"syn-finding-{self.number}"

    @property
    def mark(self) -> str:
        return f"syn-mark-{self.number}"


def collect(articles: list[Article], practice: Practice, now) -> dict[Path, list[Located]]:
    """Every finding of the check (errors and warnings, not yet accepted), by file."""
    found = check_articles(articles, practice, now, teasers=True, advisories=True) + check_files(practice)
    by_file: dict[Path, list[Located]] = defaultdict(list)
    resolved: dict[Path, Path] = {}
    for located in found:
        if located.finding.accepted is None:
            path = resolved.get(located.path) or resolved.setdefault(located.path, located.path.resolve())
            by_file[path].append(located)
    return dict(by_file)


def _shown(found: list[Located]) -> list[Shown]:
    out = []
    # Errors first: they are what stops publication; a warning only advises.
    for number, l in enumerate(sorted(found, key=lambda l: (l.finding.severity != ERROR, l.line, l.col)), start=1):
        f = l.finding
        front = l.field not in (None, "body")
        accept = None
        # A marker accepts what is in the text or a front-matter field; a file name is renamed instead.
        if f.rule in ACCEPTABLE_RULES and f.severity == ERROR and l.field != "file name":
            accept = f"<!-- accept {f.rule}: your reason -->"
            accept = f"# {accept}" if front else accept  # in the front matter, as a YAML comment
        out.append(Shown(number, f.rule, f.severity, f.excerpt, f.message, f.fix, l.line, l.field, accept, front))
    return out


def decorate(html_text: str, found: list[Located], rows: list[dict] | None, practice: Practice) -> str:
    """The page's HTML with the findings panel on top, the words highlighted, and the teaser cards below."""
    page_findings = [l for l in found if not (l.field or "").startswith("teaser:")]
    teaser_findings = [l for l in found if (l.field or "").startswith("teaser:")]
    shown = _shown(page_findings)
    if shown:
        html_text, marked = highlight(html_text, [s for s in shown if not s.in_front_matter])
        shown = [dataclasses.replace(s, highlighted=marked.get(s.number)) for s in shown]
        html_text = _ENV.get_template("panel.html").render(findings=shown, ERROR=ERROR) + html_text
    if rows is not None:
        html_text += teaser_cards(rows, teaser_findings, practice)
    return html_text


def teaser_cards(rows: list[dict], teaser_findings: list[Located], practice: Practice) -> str:
    by_platform: dict[str, list[Shown]] = defaultdict(list)
    for l in teaser_findings:
        platform = (l.field or "").split(":", 1)[1]
        by_platform[platform] += _shown([l])
    base = urlsplit(practice.url).path
    cards = []
    for row in rows:
        image = row["image"]
        # The card is drawn into the preview's own site: show it from there, and name its public address.
        local = base + image[len(practice.url):] if image and image.startswith(practice.url) else None
        cards.append({**row, "label": label(row["platform"]), "local_image": local,
                      "findings": by_platform.get(row["platform"], [])})
    return _ENV.get_template("teasers.html").render(cards=cards)


def highlight(html_text: str, findings: list[Shown]) -> tuple[str, dict[int, str]]:
    """Wrap each finding's words, where they appear in the page's prose, in a labelled <mark>."""
    wanted: dict[str, list[Shown]] = defaultdict(list)
    for s in findings:
        words = " ".join(s.excerpt.split())
        if len(words) >= 2:
            wanted[words].append(s)
    if not wanted:
        return html_text, {}
    # Longest first, so "John Smith" wins over "John"; any run of white space matches a line break.
    pattern = re.compile("|".join(r"\s+".join(map(re.escape, w.split(" ")))
                                  for w in sorted(wanted, key=len, reverse=True)))
    marked: dict[int, str] = {}  # finding number -> id of its first highlight
    out, raw, in_link = [], None, 0
    for part in _TAG.split(html_text):
        if part.startswith("<"):
            out.append(part)
            tag = part[1:].lower()
            if raw is None and (m := _RAW.match(part)):
                raw = m.group(1).lower()
            elif raw is not None and tag.startswith("/" + raw):
                raw = None
            elif tag.startswith("a ") or tag == "a>":
                in_link += 1
            elif tag.startswith("/a>") or tag.startswith("/a "):
                in_link = max(0, in_link - 1)
            continue
        if raw is not None or not part:
            out.append(part)
            continue
        text = html.unescape(part)
        pieces, last = [], 0
        for m in pattern.finditer(text):
            owners = wanted[" ".join(m.group().split())]
            anchor = None if owners[0].number in marked else owners[0].mark
            for s in owners:
                marked.setdefault(s.number, owners[0].mark)
            pieces.append(html.escape(text[last:m.start()], quote=False))
            # Inside a link the highlight is not focusable itself: the link already is.
            pieces.append(_ENV.get_template("mark.html").render(
                words=m.group(), owners=owners, anchor=anchor, focusable=not in_link).strip())
            last = m.end()
        pieces.append(html.escape(text[last:], quote=False))
        out.append("".join(pieces) if last else part)
    return "".join(out), marked


def error_page(exc: BaseException, config_path: Path, logged: list[str] | None = None) -> str:
    """The page the preview shows while a build fails: each problem with its file, line, field and fix."""
    problems, message = [], None
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:  # MkDocs wraps our InputError in its own errors
        seen.add(id(cause))
        if isinstance(cause, InputError):
            problems = cause.problems
            break
        cause = cause.__cause__ or cause.__context__
    if not problems:
        message = "\n".join(dict.fromkeys([*(logged or []), _plain(exc)]))
    root = config_path.resolve().parent
    rows = [{"path": _relative(p.path, root), "line": p.line, "field": p.field, "message": p.message, "fix": p.fix}
            for p in problems]
    return _ENV.get_template("error.html").render(problems=rows, message=message, config=config_path.name)


def _plain(exc: BaseException) -> str:
    """The most telling message: MkDocs' "Aborted with a BuildError!" says less than the error it wraps."""
    inner = exc.__context__ if exc.__context__ is not None and "Aborted" in str(exc) else exc
    return str(inner).strip() or type(inner).__name__


def _relative(path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root))
    except (ValueError, OSError):
        return str(path)
