"""Docs that are true: every page, file and heading a message or a doc names exists; the config
reference matches the config classes; the README states the site generator's end of life."""
from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from mkdocs.config import config_options as c

from syndicate.site.config import SyndicateConfig
from syndicate.site.plugin import SyndicatePlugin

ROOT = Path(__file__).resolve().parents[1]
MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PYTHON = sorted(ROOT.glob("syndicate/**/*.py")) + sorted(ROOT.glob("scripts/*.py"))
# Other text a reader or an operator sees: workflows, the sample config, templates, setup scripts.
OTHER = [ROOT / "site_config.yml", ROOT / ".pre-commit-hooks.yaml", *sorted(ROOT.glob(".github/workflows/*.yml")),
         *sorted(ROOT.glob("theme_overrides/**/*.html")), *sorted(ROOT.glob("scripts/*.sh"))]

# `docs/…`, `tests/…`, `scripts/…`, `syndicate/…` or `README.md`, optionally with `#anchor`, not inside a
# longer path or a URL (developers.facebook.com/docs/… is the platform's page, not ours).
NAMED_PATH = re.compile(r"(?<![\w./-])((?:(?:docs|tests|scripts|syndicate)/[\w./-]*|README\.md)(?:#[\w-]+)?)")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
MACHINE_PATH = re.compile(r"(?<![\w.])(/work/|/home/|/Users/)")  # where developers keep their checkouts


def _load_generator():
    spec = importlib.util.spec_from_file_location("site_config_doc", ROOT / "scripts" / "site_config_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def anchors(markdown: str) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered."""
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", FENCE.sub("", markdown), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        out.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return out


def _missing(target: Path, anchor: str | None, root: Path) -> str | None:
    """Why `target#anchor` does not resolve, or None when it does."""
    try:
        target.resolve().relative_to(root.resolve())
    except ValueError:
        return "points outside the repository"
    if not target.exists():
        return "does not exist"
    if anchor and (target.suffix != ".md" or anchor not in anchors(target.read_text(encoding="utf-8"))):
        return f"has no heading #{anchor}"
    return None


def broken_references(path: Path, text: str, root: Path = ROOT) -> list[str]:
    """Every `docs/…` or `README.md` path named in `text`, and in Markdown every relative link, that
    does not resolve; each as 'file:line: reference: why'."""
    problems = []

    def report(offset: int, ref: str, why: str):
        line = text.count("\n", 0, offset) + 1
        problems.append(f"{path.relative_to(root)}:{line}: {ref}: {why}")

    for match in NAMED_PATH.finditer(text):
        ref = match.group(1).rstrip(".")
        if "node_modules" in ref:
            continue  # made by the install scripts, not kept in the repository
        name, _, anchor = ref.partition("#")
        why = _missing(root / name, anchor or None, root)
        if why:
            report(match.start(), ref, why)
    if path.suffix == ".md":
        prose = CODE_SPAN.sub(lambda m: " " * len(m.group()), FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text))
        for match in LINK.finditer(prose):
            ref = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", ref, re.I):
                continue  # a web address or mailto:, not a file in this repository
            name, _, anchor = ref.partition("#")
            why = _missing(path.parent / name if name else path, anchor or None, root)
            if why:
                report(match.start(), ref, why)
    return problems


def test_every_path_and_link_in_messages_and_docs_exists():
    problems = [p for path in MARKDOWN + PYTHON + OTHER
                for p in broken_references(path, path.read_text(encoding="utf-8"))]
    assert problems == []


def test_the_reference_check_sees_what_the_repository_names():
    named = {m.group(1) for path in PYTHON + MARKDOWN for m in NAMED_PATH.finditer(path.read_text(encoding="utf-8"))}
    # The config error's hint and the CLI's comment on Material's notice are the two that were broken.
    assert "docs/site-config.md" in named and "README.md#maintenance" in named
    # Where the exit codes, the error tree and the rule catalogue are held true (issue 14).
    assert {"README.md#exit-codes", "tests/test_exit_codes.py", "tests/test_cli_malformed.py", "syndicate/errors.py",
            "tests/test_rules.py"} <= named


def test_the_reference_check_catches_each_kind_of_broken_reference(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "real.md").write_text("# Real page\n\n## Only heading\n")
    code = tmp_path / "module.py"
    code.write_text('hint = "see docs/real.md"\nother = "see docs/missing.md"\n'
                    'url = "developers.facebook.com/docs/graph-api"\nnote = "README.md#nowhere"\n')
    page = tmp_path / "docs" / "guide.md"
    page.write_text("[ok](real.md#only-heading) [gone](nope.md) [wrong](real.md#other) [up](../../x.md)\n"
                    "[site](https://example.org/nope.md) `[code](span.md)`\n\n```\n[fenced](f.md)\n```\n")
    assert broken_references(code, code.read_text(), tmp_path) == [
        "module.py:2: docs/missing.md: does not exist",
        "module.py:4: README.md#nowhere: does not exist",
    ]
    assert broken_references(page, page.read_text(), tmp_path) == [
        "docs/guide.md:1: nope.md: does not exist",
        "docs/guide.md:1: real.md#other: has no heading #other",
        "docs/guide.md:1: ../../x.md: points outside the repository",
    ]


def test_no_message_or_doc_names_a_folder_on_a_developers_machine():
    found = [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()}"
             for path in MARKDOWN + PYTHON + OTHER
             for text in [path.read_text(encoding="utf-8")]
             for m in MACHINE_PATH.finditer(text)]
    assert found == []


def test_site_config_page_is_what_the_generator_writes_from_the_config_classes():
    page = ROOT / "docs" / "site-config.md"
    assert page.read_text(encoding="utf-8") == gen.render(), (
        "docs/site-config.md is out of date: run python scripts/site_config_doc.py")


def test_site_config_page_lists_every_key_of_the_plugin():
    page = (ROOT / "docs" / "site-config.md").read_text(encoding="utf-8")
    for name, option in SyndicateConfig._schema:
        assert f"| `{name}` |" in page
        if isinstance(option, c.SubConfig):
            for sub, _ in option.config_class._schema:
                assert f"| `{name}.{sub}` |" in page
    for name, _ in dict(SyndicateConfig._schema)["clinicians"].option_type.config_class._schema:
        assert f"| `clinicians.<id>.{name}` |" in page


def test_generator_refuses_a_key_nobody_explained(monkeypatch):
    class Grown(SyndicateConfig):
        newsletter_url = c.Type(str, default="")

    monkeypatch.setattr(SyndicatePlugin, "config_class", Grown)
    with pytest.raises(gen.DocError, match=r"newsletter_url: in the config classes, but PLUGIN_KEYS does not explain it"):
        gen.render()


def test_generator_refuses_an_explanation_of_a_key_that_is_gone(monkeypatch):
    monkeypatch.setitem(gen.PLUGIN_KEYS, "checks.spelling", "Checks spelling.")
    with pytest.raises(gen.DocError, match=r"checks.spelling: explained in PLUGIN_KEYS, but no config class has it"):
        gen.render()
    monkeypatch.delitem(gen.PLUGIN_KEYS, "checks.spelling")
    monkeypatch.setitem(gen.MKDOCS_KEYS, "site_colour", "Not an MkDocs key.")
    with pytest.raises(gen.DocError, match="site_colour"):
        gen.render()


def test_generator_refuses_an_option_type_it_cannot_describe(monkeypatch):
    class Unheard(c.BaseConfigOption):
        pass

    class Grown(SyndicateConfig):
        logo = Unheard()

    monkeypatch.setattr(SyndicatePlugin, "config_class", Grown)
    monkeypatch.setitem(gen.PLUGIN_KEYS, "logo", "The practice's logo.")
    with pytest.raises(gen.DocError, match="Unheard is an option type"):
        gen.render()


def _patterns(keys) -> list[re.Pattern]:
    """A key and each of its parents (`clinicians.<id>`), with `<id>` standing for any name."""
    parents = {".".join(key.split(".")[:n]) for key in keys for n in range(1, key.count(".") + 2)}
    return [re.compile(re.escape(key).replace(re.escape("<id>"), r"[^.]+") + "$") for key in parents]


def _flatten(mapping: dict, prefix: str = ""):
    for key, value in mapping.items():
        yield prefix + str(key)
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")


def test_every_key_the_sample_practice_sets_is_documented():
    """MkDocs only warns about a key it does not know; the sample config must use documented ones."""
    config = yaml.safe_load((ROOT / "site_config.yml").read_text(encoding="utf-8"))
    top = {key.split(".")[0] for key in gen.MKDOCS_KEYS}
    assert set(config) <= top, set(config) - top
    plugin = next(p["syndicate"] for p in config["plugins"] if isinstance(p, dict) and "syndicate" in p)
    patterns = _patterns(gen.PLUGIN_KEYS)
    undocumented = [key for key in _flatten(plugin)
                    if not any(p.match(key) for p in patterns) and not key.startswith("platform_options.")]
    assert undocumented == []
    # Below platform_options.<id> each platform's own declaration says what it takes; the page lists it.
    page = (ROOT / "docs" / "site-config.md").read_text(encoding="utf-8")
    for name, settings in plugin["platform_options"].items():
        section = page[page.index(f"(`{name}`)"):]
        section = section[:section.find("\n### ", 1) if "\n### " in section[1:] else None]
        assert all(f"| `{key}` |" in section for key in settings), (name, settings)


def _readme_section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n## {title}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start:end if end > 0 else None]


def test_readme_states_the_end_of_life_and_the_pins_that_hold_it_off():
    section = _readme_section("Maintenance")
    assert "5 May 2027" in section and "MkDocs 1.x is unmaintained" in section
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for name in ("mkdocs", "mkdocs-material"):
        pin = next(d for d in deps if re.match(rf"{re.escape(name)}[<>=]", d))
        assert f"`{pin}`" in section, f"the Maintenance section does not state the pin {pin}"
    if "NO_MKDOCS_2_WARNING" in (ROOT / "syndicate" / "cli.py").read_text(encoding="utf-8"):
        assert "NO_MKDOCS_2_WARNING" in section, "the CLI hides Material's notice; the README must say so"


def test_no_doc_tells_anyone_to_build_with_another_command():
    """`syndicate build` checks, leaves drafts out and swaps; `zensical build` does none of it."""
    other = re.compile(r"\b(?:mkdocs|zensical)\s+(?:build|serve|gh-deploy)\b")
    found = [f"{path.relative_to(ROOT)}: {m.group()}" for path in MARKDOWN
             for block in FENCE.finditer(path.read_text(encoding="utf-8"))
             for m in other.finditer(block.group())]
    assert found == []
    assert "Build only with `syndicate build`" in _readme_section("Maintenance")
