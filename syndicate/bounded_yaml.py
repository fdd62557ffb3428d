"""YAML that cannot hurt the machine: every front matter block and site_config.yml pass through here.

PyYAML's safe loader still lets a file do three things we refuse:
- aliases that expand to billions of values ("billion laughs"): cheap to parse, but anything that
  walks the result (MkDocs, Jinja, our checks) runs for minutes and gigabytes;
- duplicate keys, where the later one silently wins (an impostor replacing a clinician's byline);
- control characters (NUL, ESC, C0/C1) written as escapes, which reach terminals and pages.

The checks run on the composed node tree, before anything is constructed, so a hostile file costs
one linear pass. site_config.yml is also read by MkDocs with its own full loader (which would build
arbitrary Python objects from `!!python/object` tags), so it is checked here first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError, Problem

MAX_VALUES = 10_000  # values after alias expansion: the largest real front matter has a few dozen
# What PyYAML's constructors raise when an explicit tag does not fit its value (`!!float x`,
# `!!bool maybe`, `!!timestamp soon`) instead of a YAMLError.
BUILD_ERRORS = (ValueError, TypeError, OverflowError, KeyError, AttributeError)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 except tab and newline

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster on large sites
_STD = "tag:yaml.org,2002:"
# What plain front matter needs; !!binary, !!set, !!omap and !!python/... have no place in an article.
FRONT_MATTER_TAGS = frozenset(_STD + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "merge", "timestamp"))
# MkDocs' own config tags, and the Python names Material's docs tell people to write (emoji functions).
CONFIG_TAGS = FRONT_MATTER_TAGS | {"!ENV", "!relative"}
CONFIG_PYTHON_NAMES = re.compile(r"^tag:yaml\.org,2002:python/name:(material|pymdownx)\.[\w.]+$")


class FrontMatterLoader(_BaseLoader):
    """SafeLoader without YAML's own timestamp parsing: impossible dates reach us as text,
    so the error can say which field and how to fix it instead of a YAML traceback."""


FrontMatterLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Flaw:
    line: int  # 0-based line inside the YAML text
    field: str | None
    message: str
    fix: str


def show(text: str) -> str:
    """Text safe to print on a terminal: control characters as visible escapes."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _key_name(node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else "?"


def inspect(root, *, allowed_tags: frozenset[str], allowed_tag=None) -> list[Flaw]:
    """Every reason not to construct this node tree (empty when it is safe).

    One walk that follows aliases as construction would, so it counts the values a consumer
    would see; it stops as soon as that passes MAX_VALUES (a self-referencing alias never ends,
    so it stops there too). Each distinct node is inspected once."""
    if root is None:
        return []
    flaws: list[Flaw] = []
    seen: set[int] = set()
    visits = 0
    stack: list[tuple[object, str | None]] = [(root, None)]
    while stack:
        node, where = stack.pop()
        visits += 1
        if visits > MAX_VALUES:
            return [Flaw(root.start_mark.line, None,
                         f"the YAML expands to more than {MAX_VALUES:,} values through aliases (*name), "
                         "or an alias refers to itself",
                         "write the values out instead of using anchors (&name) and aliases (*name)")]
        first_visit = id(node) not in seen
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            names: dict[str, int] = {}
            for key, value in node.value:
                name = _key_name(key)
                path = f"{where}.{name}" if where else name
                if first_visit and isinstance(key, yaml.ScalarNode) and name in names:
                    flaws.append(Flaw(key.start_mark.line, path,
                                      f"'{show(name)}' appears twice (first on line {{first:{names[name]}}}); "
                                      "YAML would silently keep only the later one",
                                      f"keep one '{show(name)}:' and delete the other"))
                names.setdefault(name, key.start_mark.line)
                stack += [(value, path), (key, path)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, f"{where}[{i}]" if where else f"[{i}]") for i, item in enumerate(node.value)]
        if not first_visit:
            continue
        if node.tag not in allowed_tags and not (allowed_tag and allowed_tag(node.tag)):
            flaws.append(Flaw(node.start_mark.line, where, f"the YAML tag '{show(node.tag)}' is not allowed here",
                              "remove the tag (the word starting with '!') and write a plain value"))
        if isinstance(node, yaml.ScalarNode) and CONTROL.search(node.value):
            flaws.append(Flaw(node.start_mark.line, where,
                              f"the value '{show(node.value)[:80]}' contains a control character",
                              "delete the invisible character (escapes such as \\x1b, \\0 or \\e are not allowed)"))
    return sorted(flaws, key=lambda f: f.line)


def _problems(flaws: list[Flaw], path: Path, first_line: int) -> list[Problem]:
    # Line numbers inside messages are relative to the YAML text: place them in the file.
    return [Problem(path, f.line + first_line, f.field,
                    re.sub(r"\{first:(\d+)\}", lambda m: str(int(m.group(1)) + first_line), f.message), f.fix)
            for f in flaws]


def _compose(text: str, loader_cls):
    loader = loader_cls(text)
    try:
        return loader, loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise


def parse_front_matter(text: str, first_line: int, path: Path):
    """(data, line of each top-level key), or InputError naming every flaw. YAMLError for syntax errors."""
    loader, node = _compose(text, FrontMatterLoader)
    try:
        flaws = inspect(node, allowed_tags=FRONT_MATTER_TAGS)
        if flaws:
            raise InputError(_problems(flaws, path, first_line))
        try:
            data = loader.construct_document(node) if node is not None else None
        except BUILD_ERRORS as exc:  # e.g. `!!float x`: a tag the value does not fit
            raise InputError([_unconstructable(node, exc, path, first_line)]) from None
    finally:
        loader.dispose()
    lines = ({k.value: first_line + k.start_mark.line for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
             if isinstance(node, yaml.MappingNode) else {})
    return data, lines


def _unconstructable(root, exc: Exception, path: Path, first_line: int, loader_cls=None) -> Problem:
    """Locates the value that could not be built (e.g. `!!float x`): the first scalar that fails alone.
    Called only after inspect(), so the walk is bounded."""
    loader_cls = loader_cls or FrontMatterLoader
    line, field, tag = root.start_mark.line, None, None
    stack, seen = [(root, None)], set()
    while stack:
        node, where = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [(v, f"{where}.{_key_name(k)}" if where else _key_name(k)) for k, v in reversed(node.value)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(v, f"{where}[{i}]" if where else f"[{i}]") for i, v in reversed(list(enumerate(node.value)))]
        else:
            probe = loader_cls("")
            try:
                probe.construct_object(node, deep=True)
            except (*BUILD_ERRORS, yaml.YAMLError):
                line, field, tag = node.start_mark.line, where, node.tag
                break
            finally:
                probe.dispose()
    what = f"is not a valid {tag.rsplit(':', 1)[-1]}" if tag else f"cannot be read ({show(str(exc)).splitlines()[0]})"
    return Problem(path, line + first_line, field, f"the value {what}, as its YAML tag (!!) demands",
                   "remove the tag (the word starting with '!!') and write a plain value")


class _ConfigProbe(_BaseLoader):
    """Builds site_config.yml as plain data, MkDocs' own tags as placeholders: to find values that
    would make MkDocs' loader fail with a traceback (`site_name: !!float x`) before it runs."""


_ConfigProbe.add_constructor("!ENV", lambda loader, node: None)
_ConfigProbe.add_constructor("!relative", lambda loader, node: None)
_ConfigProbe.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)


def check_front_matter(text: str, first_line: int, path: Path) -> list[Problem]:
    """The problems of one front matter block, syntax errors included, without keeping the data."""
    try:
        parse_front_matter(text, first_line, path)
    except InputError as exc:
        return exc.problems
    except yaml.YAMLError as exc:
        return [syntax_problem(exc, path, first_line, text)]
    return []


def syntax_problem(exc: yaml.YAMLError, path: Path, first_line: int, text: str = "",
                   label: str = "the front matter") -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a raw control character: YAML's reader refuses it
        line = text[: exc.position].count("\n") + first_line
        return Problem(path, line, None, f"the file contains a control character (#x{exc.character:04x})",
                       "delete the invisible character; only tab and newline are allowed")
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + first_line if mark else first_line
    what = show(getattr(exc, "problem", None) or str(exc))
    fix = ("put the value in quotes when it contains a colon, e.g. title: \"Surgery: a checklist\""
           if "mapping values are not allowed" in what
           else "check that line: 'key: value', quotes closed, and list items start with '- '")
    return Problem(path, line, None, f"{label} is not valid YAML: {what}", fix)


def key_lines(node, prefix: str = "", lines: dict[str, int] | None = None) -> dict[str, int]:
    """Dotted key path -> 1-based line, for locating config errors. List positions are left out of
    the path (`plugins.syndicate.timezone`), which is how messages name config keys. Call it only
    on a tree `inspect` passed: the walk follows aliases."""
    lines = {} if lines is None else lines
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}.{_key_name(key)}" if prefix else _key_name(key)
            lines.setdefault(path, key.start_mark.line + 1)
            key_lines(value, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and prefix:
                lines.setdefault(f"{prefix}.{item.value}", item.start_mark.line + 1)  # `- syndicate` without settings
            key_lines(item, prefix, lines)
    return lines


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of `path`, or of its nearest parent in the file (where a missing key belongs)."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return None


def check_config_file(path: Path) -> dict[str, int]:
    """Refuses a site config MkDocs must not load: raises InputError listing every flaw.
    Returns the line of each key (`key_lines`), for locating later errors.

    Only composes (never constructs), so MkDocs' tags need no constructor here."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(path, None, None, "the site config is not UTF-8 text",
                                  "save it as UTF-8 in your editor")]) from None
    try:
        loader, node = _compose(text, _BaseLoader)
        loader.dispose()
    except yaml.YAMLError as exc:
        raise InputError([syntax_problem(exc, path, 1, text, label="the site config")]) from None
    flaws = inspect(node, allowed_tags=CONFIG_TAGS, allowed_tag=lambda tag: bool(CONFIG_PYTHON_NAMES.match(tag)))
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if _key_name(key) == "INHERIT":
                flaws.append(Flaw(key.start_mark.line, "INHERIT", "INHERIT would load settings from another file",
                                  "copy the settings into site_config.yml: the practice is configured in one place"))
    if flaws:
        raise InputError(_problems(flaws, path, 1))
    probe = _ConfigProbe("")
    try:
        probe.construct_document(node) if node is not None else None
    except (*BUILD_ERRORS, yaml.YAMLError) as exc:
        raise InputError([_unconstructable(node, exc, path, 1, _ConfigProbe)]) from None
    finally:
        probe.dispose()
    return key_lines(node)
