"""Which files in content/ become public, and what kind each one is to the gate.

MkDocs publishes every file in the docs folder: Markdown becomes a page, everything else is
copied as it is. So the gate must read every one of them, and a file it cannot read (a PDF, a
Word document) must not be published at all: the plugin leaves those out with a warning.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .practice import Practice

# What MkDocs renders as a page (mkdocs.utils.markdown_extensions): an article saved as
# .markdown is an article like any other.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# Text the gate scans whole: a reader can open each of these in a browser.
TEXT_SUFFIXES = frozenset(
    ".txt .text .html .htm .xhtml .xml .rss .atom .json .webmanifest .csv .tsv .svg .css .js .mjs .ics .vcf .yml .yaml"
    .split())
# Pictures and fonts: their content cannot be read as text, so the gate checks their name (the
# URL), and a photo's name that suggests a patient is sent to a person for review.
MEDIA_SUFFIXES = frozenset(".png .jpg .jpeg .gif .webp .avif .bmp .ico .woff .woff2 .ttf .otf".split())

ARTICLE, PAGE, TEXT, MEDIA, UNCHECKED = "article", "page", "text", "media", "unchecked"


@dataclass(frozen=True)
class PublicFile:
    path: Path
    src_uri: str  # relative to content/, as MkDocs names it
    kind: str


def kind_of(src_uri: str, articles_dir: str) -> str:
    suffix = PurePosixPath(src_uri).suffix
    if suffix in MARKDOWN_SUFFIXES:  # case-sensitive, as in MkDocs: "x.MD" is not rendered, it would be copied
        return ARTICLE if src_uri.startswith(articles_dir.strip("/") + "/") else PAGE
    suffix = suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return TEXT
    if suffix in MEDIA_SUFFIXES:
        return MEDIA
    return UNCHECKED


def hidden(src_uri: str) -> bool:
    """Dotfiles and dot-folders: MkDocs leaves them out of the site by default (exclude_docs)."""
    return any(part.startswith(".") for part in PurePosixPath(src_uri).parts)


def public_files(practice: Practice) -> list[PublicFile]:
    """Every file in content/ that MkDocs would publish, with its kind. A link that leads outside
    content/ is never read: it is UNCHECKED, so it is left out of the site (an article is refused
    by load_article)."""
    docs = practice.docs_dir
    if not docs.is_dir():
        return []
    root = docs.resolve()
    found = []
    from .paths import everything_under  # paths imports the image checks; most importers of this module need neither
    for path in sorted(everything_under(docs)):
        src_uri = path.relative_to(docs).as_posix()
        if hidden(src_uri) or not path.is_file():
            continue
        kind = kind_of(src_uri, practice.articles_dir)
        if kind != ARTICLE and not path.resolve().is_relative_to(root):
            kind = UNCHECKED  # articles are refused with a clear error by load_article instead
        found.append(PublicFile(path, src_uri, kind))
    return found


def url_path(src_uri: str) -> str:
    """The part of the public address a file gives itself: 'thanks' for thanks.md, the name for an image."""
    path = PurePosixPath(src_uri)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        path = path.with_suffix("")
        if path.name in ("index", "README"):
            path = path.parent
    return path.as_posix().strip(".")
