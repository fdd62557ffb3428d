"""Front matter of every page in content/, not only articles': MkDocs reads them all, and a
"billion laughs" in content/about.md stalls the build as surely as one in an article.

Each block is checked exactly as MkDocs will find it (its own pattern, copied so the core needs
no MkDocs import), with the same bounded loader as articles, before MkDocs ever parses it.
"""
from __future__ import annotations

import re
from pathlib import Path

from .bounded_yaml import check_front_matter
from .errors import Problem
from .field_rules import body_problems
from .paths import everything_under, is_regular_file

# mkdocs.utils.meta.YAML_RE: the block MkDocs hands to PyYAML.
MKDOCS_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_CHECKED: dict[Path, tuple[tuple[int, int], list[Problem]]] = {}  # kept across `serve` rebuilds
_LOADER_BLOCKS: dict[Path, str] = {}  # article path -> the front matter the article loader parsed


def read_by_loader(path: Path, block: str) -> None:
    """The article loader's note of the block it checked, so it is not read twice."""
    _LOADER_BLOCKS[path] = block


def page_problems(docs_dir: Path, articles: set[Path]) -> list[Problem]:
    """Problems in the front matter of every Markdown file under docs_dir.

    `articles`: their front matter is checked by the article loader; here only if MkDocs would
    read a different block from the file than the loader did."""
    problems: list[Problem] = []
    for path in sorted(p for p in everything_under(docs_dir) if p.name.endswith(".md")):
        if not is_regular_file(path):
            continue  # a pipe or device: never opened (it could block); paths.content_tree_problems names it
        try:
            stat = path.stat()
        except OSError:
            continue
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = _CHECKED.get(path)
        if cached and cached[0] == stamp:
            problems += cached[1]
            continue
        found = _check_file(path, path in articles)
        _CHECKED[path] = (stamp, found)
        problems += found
    return problems


def _article_block(path: Path) -> str | None:
    if path in _LOADER_BLOCKS:
        return _LOADER_BLOCKS[path]
    from .article import _split  # the article loader's own split
    from .errors import InputError
    try:
        return _split(path, path.read_bytes())[0]
    except InputError:
        return None


def _check_file(path: Path, is_article: bool) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # MkDocs reads pages the same way
    except UnicodeDecodeError:
        if is_article:
            return []  # the article loader reports it
        return [Problem(path, None, None, "the file is not UTF-8 text",
                        "save the file as UTF-8 in your editor (File > Save with encoding > UTF-8)")]
    except OSError:
        return []
    # Articles' text is checked by the article loader; other pages' text only here.
    problems = [] if is_article else body_problems(path, text, 1)
    m = MKDOCS_BLOCK.match(text.replace("\r\n", "\n"))
    if not m or (is_article and m.group(1).strip() == (_article_block(path) or "").strip()):
        return problems
    return problems + check_front_matter(m.group(1), 2, path)
