#!/usr/bin/env python3
"""Write docs/site-config.md from the config classes, so the page lists exactly the keys the code reads.

    python scripts/site_config_doc.py           # rewrite docs/site-config.md
    python scripts/site_config_doc.py --check   # exit 1 if the page is out of date

Names, types, defaults and which keys are required come from the plugin's `Config` classes
(`syndicate/site/config.py`, reached from `SyndicatePlugin`) and MkDocs' own `MkDocsConfig`.
What a key means is written once, below, in PLUGIN_KEYS and MKDOCS_KEYS; each platform's settings
come whole from the platform's own declaration (its `Options`, with a line of help per setting). A key the code has but
the tables do not explain, or an explanation of a key the code no longer has, stops the script
with the key's name, so the page can never quietly fall behind the code. `tests/test_docs.py`
runs `--check`'s comparison.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from syndicate.platforms import registry  # noqa: E402
from syndicate.platforms.options import fields  # noqa: E402
from syndicate.site.config import options_config  # noqa: E402
from syndicate.site.config import TextPerLanguage  # noqa: E402
from syndicate.site.plugin import SyndicatePlugin  # noqa: E402

PAGE = ROOT / "docs" / "site-config.md"

# One row per key; `<id>` stands for a name the practice chooses (a mapping's key).
PLUGIN_KEYS = {
    "timezone": "The practice's IANA time zone, e.g. `America/Chicago`. Front-matter dates without a "
                "zone are read in it, and a scheduled article goes out at its `date` there. "
                "An unknown name is an error.",
    "articles_dir": "The folder under `docs_dir` that holds the articles. Also the first part of each "
                    "article's address (`<site_url><articles_dir>/<slug>/`) and of the article list "
                    "`<articles_dir>/index.md`, which `nav` should name.",
    "clinicians": "The roster: clinician id → the clinician. Articles name their `authors` and "
                  "`reviewed_by` by these ids, and the safety check does not flag these names.",
    "clinicians.<id>.name": "Full name, as printed in bylines, the review box and the page's JSON-LD.",
    "clinicians.<id>.credentials": "Letters after the name (`MD`, `RN`): \"Ada Okafor, MD\".",
    "clinicians.<id>.role": "Job title (`Family physician`), shown after the name in bylines and as "
                            "`jobTitle` in JSON-LD.",
    "clinicians.<id>.photo": "A portrait inside `content/`, shown on the clinician's profile page "
                             "(`/clinicians/<id>/`).",
    "clinicians.<id>.photo_alt": "What the photo shows, for screen readers. Required with `photo`.",
    "clinicians.<id>.bio": "A short biography on the profile page. The safety check reads it like page text.",
    "clinicians.<id>.languages": "Languages the clinician sees patients in, on the profile page and as "
                                 "`knowsLanguage` in JSON-LD.",
    "clinicians.<id>.accepting_new_patients": "`true` or `false`, said on the profile page; unset says nothing.",
    "clinicians.<id>.qualifications": "Degrees and board certifications, on the profile page and as "
                                      "`hasCredential` in JSON-LD.",
    "contact": "The practice's public contact details. The safety check allows them in articles; "
               "other phone numbers, e-mail and street addresses are flagged "
               "([how they are matched](checks.md#allow-list-matching)).",
    "contact.phone": "Printed in every page's footer (\"Call … for appointments\"), and allowed by the "
                     "check in any common format.",
    "contact.fax": "Allowed by the check.",
    "contact.email": "Allowed by the check.",
    "contact.address": "Allowed by the check, abbreviations folded (St = Street).",
    "social": "The practice's own profiles: a name (`bluesky`, `mastodon`, …) → the profile's address. "
              "Listed under \"Follow us\" in every page's footer, labelled with the platform's name.",
    "social.<id>": "The profile's address, e.g. `https://bsky.app/profile/clinic.example`.",
    "platforms": "Where `syndicate post` posts teasers. An article's own `platforms:` front matter "
                 "can narrow this list for that article.",
    "platform_options": "Settings per platform (platform name → its settings), listed under "
                        "[Platform settings](#platform-settings) below; each platform's credentials "
                        "are in the README's table under *Platforms and credentials*.",
    "platform_options.<id>": "The settings of one platform, checked when this file is read: a "
                             "misspelt or missing setting stops every command with its line.",
    "checks": "Settings of the safety check and the publishing calendar.",
    "checks.review_interval_months": "A medical review older than this many months gives a "
                                     "`review.due` warning; `syndicate review-due` lists those articles.",
    "checks.reading_grade": "Target reading level (US school grade). Prose above it by Flesch-Kincaid "
                            "or SMOG gives a `readability.grade` warning.",
    "checks.allow_self_review": "`true` lets an author be the article's medical reviewer, for a "
                                "practice with one clinician; the page then says \"Written and "
                                "reviewed by\". Otherwise that is a `review.self` error.",
    "checks.cadence_days": "`syndicate calendar` points out stretches longer than this with nothing "
                           "published or scheduled.",
    "checks.allow": "Public facts beyond `contact` and the roster that the check must not flag.",
    "checks.allow.phones": "Other phone numbers of the practice (a second site, a nurse line).",
    "checks.allow.emails": "Other e-mail addresses of the practice.",
    "checks.allow.addresses": "Other street addresses of the practice.",
    "checks.allow.names": "Names that may appear in articles although they are not clinicians "
                          "(a practice manager, a named partner organisation).",
    "checks.allow.domains": "Web sites that links may point to without a warning; subdomains are "
                            "included. `site_url`'s own host is always allowed.",
    "ledger": "The ledger of posts, relative to the folder of `site_config.yml`. Commit it: it is "
              "how the next run knows what was already posted.",
    "workers": "Processes for building a large site: `0` means one per available core, `1` turns "
               "parallel building off. (`syndicate check` sizes its own pool.)",
    "parallel_from": "Below this many published articles the build stays in one process, since "
                     "starting workers costs more than it saves.",
    "share_card_font": "The TrueType font the share cards are drawn with (Debian's `fonts-dejavu-core` "
                       "by default). A missing file stops the build with an error that names this key.",
    "disclaimer": "Printed at the end of every article and of every feed entry, in the article's language: "
                  "one text per language, e.g. `{en: \"...\", es: \"...\"}`. A plain text is the English one "
                  "alone. Every language an article is written in needs its text: `check` and `build` stop "
                  "otherwise, naming this key and the article. A language other than `en` and `es`, an empty "
                  "text or a missing `en` is refused when the config loads.",
    "disclaimer.<id>": "Language code (`en`, `es`) → the disclaimer under that language's articles.",
    "privacy_notice": "The Notice of Privacy Practices: a page in `content/` or an `https://` address. "
                      "Linked from every footer; without it `check` and `build` fail "
                      "(`site.privacy_notice`, 45 CFR 164.520(c)(3)(i)).",
    "language_assistance": "The language-assistance notice (Section 1557 of the ACA, 45 CFR 92.11).",
    "language_assistance.page": "The notice: a page in `content/` or an `https://` address. Empty (the default) "
                                "shows no links; a page that does not exist stops the build with an error.",
    "language_assistance.links": "Per language, the footer link to the notice.",
    "language_assistance.links.<id>": "Language code → link text, each shown in the footer of every page (English "
                                 "and Spanish pages alike) in its own language (`lang`), e.g. "
                                 "`es: Si necesita ayuda en español, llame al …`.",
    "organization_type": "The practice's schema.org type in JSON-LD (`MedicalClinic` by default).",
    "logo": "The practice's logo inside `content/`, used as the publisher's logo in JSON-LD.",
    "specialty": "A schema.org `MedicalSpecialty` (e.g. `PrimaryCare`), given in the pages' JSON-LD.",
    "notice_categories": "Categories whose articles are notices that end: each should have an "
                         "`expires:` date (a `notice.expires` warning otherwise).",
}

# The MkDocs settings this project depends on; anything else in MkDocs' or Material's
# documentation may be set freely.
MKDOCS_KEYS = {
    "site_name": "The practice's name: page titles, the JSON-LD publisher, feeds, share cards.",
    "site_url": "**Required** (an empty one is an error): the public address of the blog. Every "
                "article's address, canonical link, feed entry and teaser link is built on it, "
                "`syndicate post` waits until pages under it answer, and its host is allowed by "
                "the safety check.",
    "site_description": "Material's default description for pages that set none.",
    "copyright": "The last line of every page's footer.",
    "docs_dir": "The content folder (`content`): the home page, policies, images and `articles_dir`.",
    "site_dir": "Where the site is built (`site`). `syndicate build` builds beside it and swaps the "
                "new site in only when the whole build succeeded.",
    "use_directory_urls": "Keep `true`: articles are published as `<articles_dir>/<slug>/index.html` "
                          "and linked as `<articles_dir>/<slug>/`.",
    "theme": "`name: material` with `custom_dir: theme_overrides`: the overrides display what the "
             "plugin computed (byline, review box, disclaimer, feeds, footer). `font: false` keeps "
             "builds and pages free of downloaded web fonts. Colours, language and `features` are "
             "Material's own and free to change.",
    "markdown_extensions": "`admonition`, `attr_list`, `tables` and `toc`, which articles may use. Articles "
                           "written with an extension break if it is removed.",
    "nav": "Must name the pages the plugin generates: `articles/index.md` (after `articles_dir`), "
           "`categories/index.md` and `tags/index.md`. Articles themselves are reached through "
           "these lists, not the navigation.",
    "plugins": "`syndicate` (this project: an error if it is missing). Leave out MkDocs' `search`: the site's search is Pagefind's, built by `syndicate` (MkDocs' plugin would only write an unused whole-site index).",
    "validation.nav.omitted_files": "`ignore`: articles are deliberately left out of `nav`, which "
                                    "MkDocs would otherwise report for every article.",
}


class DocError(Exception):
    """The tables above and the config classes disagree."""


def describe(option: c.BaseConfigOption) -> str:
    """A reader's name for what a key holds."""
    if isinstance(option, c.Optional):
        return describe(option.option)
    if isinstance(option, c.URL):
        return "an `https://` address"
    if isinstance(option, TextPerLanguage):
        return "text, or a mapping: language code → text"
    if isinstance(option, c.Choice):
        return "one of " + ", ".join(f"`{choice}`" for choice in option.choices)
    if isinstance(option, c.ListOfItems):
        return f"list of {describe(option.option_type)}"
    if isinstance(option, c.DictOfItems):
        if isinstance(option.option_type, c.SubConfig):
            return "mapping: each `<id>` holds the keys below"
        return f"mapping: each `<id>` holds {describe(option.option_type)}"
    if isinstance(option, c.SubConfig):
        return "section: the keys below"
    if isinstance(option, c.Type):
        kinds = option._type if isinstance(option._type, tuple) else (option._type,)
        names = {str: "text", int: "whole number", float: "number", bool: "`true` or `false`",
                 dict: "mapping", list: "list"}
        if set(kinds) == {int, float}:
            return "number"
        return " or ".join(names.get(kind, kind.__name__) for kind in kinds)
    raise DocError(f"{type(option).__name__} is an option type this script cannot describe yet: "
                   "teach describe() in scripts/site_config_doc.py to name it")


def default_text(option: c.BaseConfigOption) -> str:
    if isinstance(option, c.Optional):
        return "none (optional)"
    if isinstance(option, c.SubConfig):
        return "—"
    if isinstance(option, TextPerLanguage):
        return "; ".join(f"`{lang}`: “{text}”" for lang, text in option.default.items())
    value = option.default
    if value is None:
        return "**required**"
    if value in ([], {}):
        return "none"
    if value == "":
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def walk(config_class: type[base.Config], prefix: str = ""):
    """(dotted key, option) for every key of `config_class`, sections before their keys."""
    for name, option in config_class._schema:
        key = prefix + name
        yield key, option
        inner = option.option if isinstance(option, c.Optional) else option
        if isinstance(inner, (c.ListOfItems, c.DictOfItems)):
            item = inner.option_type
            item_key = f"{key}.<id>" if isinstance(inner, c.DictOfItems) else f"{key}[]"
            if isinstance(item, c.SubConfig):
                yield from walk(item.config_class, item_key + ".")
            elif isinstance(inner, c.DictOfItems):
                yield item_key, item  # the value under each name the practice chooses
        elif isinstance(inner, c.SubConfig):
            yield from walk(inner.config_class, key + ".")
        elif isinstance(inner, TextPerLanguage):
            yield f"{key}.<id>", c.Type(str)  # the text under each language code


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plugin_rows() -> list[str]:
    keys = list(walk(SyndicatePlugin.config_class))
    found = {key for key, _ in keys}
    missing = [key for key, _ in keys if key not in PLUGIN_KEYS]
    stale = [key for key in PLUGIN_KEYS if key not in found]
    if missing or stale:
        raise DocError("scripts/site_config_doc.py and the config classes disagree:"
                       + "".join(f"\n  {key}: in the config classes, but PLUGIN_KEYS does not explain it"
                                 for key in missing)
                       + "".join(f"\n  {key}: explained in PLUGIN_KEYS, but no config class has it"
                                 for key in stale))
    return [f"| `{key}` | {_cell(describe(option))} | {_cell(default_text(option))} | {_cell(PLUGIN_KEYS[key])} |"
            for key, option in keys]


def _mkdocs_key_exists(key: str) -> bool:
    schema: type[base.Config] | None = MkDocsConfig
    for part in key.split("."):
        if schema is None:
            return True  # inside a value MkDocs leaves to its owner (a theme's or plugin's settings)
        options = dict(schema._schema)
        if part not in options:
            return False
        option = options[part]
        schema = option.config_class if isinstance(option, c.SubConfig) else None
    return True


def bounds(field) -> str:
    """What a platform setting's declaration narrows beyond its type: the hosts, the range."""
    if field.hosts:
        return " on " + " or ".join(f"`{host}`" for host in field.hosts)
    if field.at_least is not None and field.at_most is not None:
        return f" from {field.at_least:g} to {field.at_most:g}"
    return ""


def platform_sections() -> list[str]:
    """A table per platform, from its settings declaration: nothing here to keep in step by hand."""
    lines = []
    for name, cls in registry().items():
        schema = dict(options_config(cls.Options)._schema)
        optional = f"; read when set: {', '.join(f'`{v}`' for v in cls.optional_env_vars)}" if cls.optional_env_vars else ""
        lines += ["", f"### {cls.label} (`{name}`)", "",
                  f"Credentials from the environment: {', '.join(f'`{v}`' for v in cls.env_vars)}{optional}. "
                  f"A post holds at most {cls.default_limit:,} unless `limit` says otherwise.", "",
                  "| key | holds | default | what it does |", "| --- | --- | --- | --- |"]
        lines += [f"| `{f.name}` | {_cell(describe(schema[f.name]) + bounds(f))} | {_cell(default_text(schema[f.name]))} "
                  f"| {_cell(f.doc)} |" for f in fields(cls.Options)]
    return lines


def mkdocs_rows() -> list[str]:
    unknown = [key for key in MKDOCS_KEYS if not _mkdocs_key_exists(key)]
    if unknown:
        raise DocError("MKDOCS_KEYS in scripts/site_config_doc.py names keys MkDocs does not have: "
                       + ", ".join(unknown))
    return [f"| `{key}` | {_cell(text)} |" for key, text in MKDOCS_KEYS.items()]


def render() -> str:
    lines = [
        "# `site_config.yml`: every key",
        "",
        "<!-- Generated by scripts/site_config_doc.py from the config classes; edit that script, "
        "not this page, then run it. tests/test_docs.py fails when this page is out of date. -->",
        "",
        "`site_config.yml` describes the practice, and nothing else does. It is a standard MkDocs "
        "config: MkDocs' own keys at the top, everything of this project under the `syndicate` "
        "plugin. The sample practice in [`site_config.yml`](../site_config.yml) sets most of them.",
        "",
        "Every command reads it first. A value of the wrong kind stops the command with an error "
        "naming the key and how to fix it, for example:",
        "",
        "```text",
        "error: site_config.yml:88: [plugins.syndicate.platform_options.facebook.page_id] facebook needs 'page_id'",
        "    how to fix: set 'page_id:' under platform_options.facebook in site_config.yml: "
        "The Page's numeric id (the Page's About section, Page transparency).",
        "```",
        "",
        "A misspelt platform setting is an error too (with the setting it probably meant). Any "
        "other key that is not on this page is ignored without an error (MkDocs only logs a "
        "warning, which the commands do not show), so check the spelling of a setting that seems "
        "to have no effect.",
        "",
        "## The `syndicate` plugin",
        "",
        "Under `plugins:`, as `- syndicate:`. A dotted key is nested: `checks.allow.domains` is "
        "`domains:` under `allow:` under `checks:`. `<id>` is a name you choose, such as a "
        "clinician's id.",
        "",
        "| key | holds | default | what it does |",
        "| --- | --- | --- | --- |",
        *plugin_rows(),
        "",
        "## Platform settings",
        "",
        "Under `platform_options:`, one section per platform, e.g. `page_id:` under `facebook:`. "
        "Every platform in `platforms:` must have its required settings; a section for a platform "
        "not chosen is checked as well. Every address receives the platform's credentials, so it "
        "must be `https://` and, where the table names hosts, on one of them; plain `http://` and "
        "other hosts are allowed only on 127.0.0.1, `::1` and `localhost`, for tests "
        "([why](security.md#platform-addresses-and-waits)). A number outside its range, or not "
        "finite (`.nan`, `.inf`), is an error.",
        *platform_sections(),
        "",
        "## MkDocs keys this project relies on",
        "",
        "Any other MkDocs or Material setting may be added. These are the ones the plugin, the "
        "templates or the commands depend on.",
        "",
        "| key | why it matters here |",
        "| --- | --- |",
        *mkdocs_rows(),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/site-config.md is out of date")
    args = parser.parse_args()
    try:
        text = render()
    except DocError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    current = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
    if args.check:
        if current == text:
            return 0
        sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                                   "docs/site-config.md", "generated"))
        print("docs/site-config.md is out of date: run python scripts/site_config_doc.py", file=sys.stderr)
        return 1
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
