"""The platform registry and each platform's settings: one module declares a platform, and the
config, the labels, doctor, the docs and article validation all follow from it; wrong settings
stop `check` and `build` at load, located in site_config.yml."""
from __future__ import annotations

import re
import sys
import textwrap
from datetime import datetime, timezone

import pytest

import syndicate.platforms as platforms
from syndicate.article import load_article
from syndicate.doctor import diagnose
from syndicate.errors import InputError
from syndicate.platforms import label, platform_class, platform_names, registry
from syndicate.platforms.options import OptionsError, fields
from syndicate.practice import load_practice
from syndicate.syndication import make_platforms
from tests.conftest import VALID_FRONT, run_cli, write_article

PIGEON = '''
"""A platform that exists only in this test: one module, nothing else edited."""
from dataclasses import dataclass

from syndicate.platforms.base import Platform, Posted
from syndicate.platforms.options import Options, setting


@dataclass(frozen=True, kw_only=True)
class PigeonOptions(Options):
    api_base: str = setting("https://loft.example", kind="url", doc="The loft's address.")
    loft: str = setting(kind="id", doc="Which loft the birds fly from.")


class Pigeon(Platform):
    name = "pigeon"
    label = "Carrier Pigeon"
    Options = PigeonOptions
    env_vars = ("PIGEON_TOKEN",)
    default_limit = 140

    def count(self, text):
        return len(text)

    def post(self, teaser, key):
        return Posted(key, "https://loft.example/" + key)

    def delete(self, post):
        pass

    def find(self, teaser, key):
        return None
'''


@pytest.fixture
def pigeon(tmp_path, monkeypatch):
    """Drops a platform module where the registry looks, as a contributor would add one."""
    folder = tmp_path / "more_platforms"
    folder.mkdir()
    (folder / "pigeon.py").write_text(PIGEON, encoding="utf-8")
    monkeypatch.setattr(platforms, "__path__", [*platforms.__path__, str(folder)])
    registry.cache_clear()
    yield
    registry.cache_clear()
    sys.modules.pop("syndicate.platforms.pigeon", None)


SAMPLE_OPTIONS = """      platform_options:
        mastodon:
          api_base: https://mastodon.example
          limit: 500
        linkedin:
          organization: urn:li:organization:000000
"""


def choose(project, platforms_line: str, options: dict[str, str] | None = None) -> None:
    """Sets the chosen platforms and, when given, replaces the sample's platform_options with
    `options` (platform -> its settings as YAML lines)."""
    config = project / "site_config.yml"
    text = config.read_text(encoding="utf-8").replace("platforms: [bluesky, mastodon, linkedin]", platforms_line)
    if options is not None:
        assert SAMPLE_OPTIONS in text
        block = "".join(f"        {name}:\n" + textwrap.indent(textwrap.dedent(body), " " * 10)
                        for name, body in options.items())
        text = text.replace(SAMPLE_OPTIONS, "      platform_options:\n" + block)
    config.write_text(text, encoding="utf-8")


def test_a_new_platform_module_is_a_platform_everywhere(pigeon, project):
    from scripts import site_config_doc as gen
    assert "pigeon" in platform_names() and label("pigeon") == "Carrier Pigeon"
    # The config's choices and its settings check.
    choose(project, "platforms: [bluesky, pigeon]", {"pigeon": "loft: 7\n"})
    practice = load_practice(project / "site_config.yml")
    assert practice.platforms == ("bluesky", "pigeon") and practice.platform_options["pigeon"].loft == "7"
    # Articles may name it; doctor checks it like any other.
    article = load_article(write_article(project, "w.md", VALID_FRONT + "platforms: [pigeon]\n"), practice)
    assert article.platforms == ("pigeon",)
    report = diagnose(make_platforms(practice, ["pigeon"], env={}), datetime(2026, 11, 1, tzinfo=timezone.utc))
    [check] = report.checks
    assert (check.platform, check.ok, check.detail) == ("Carrier Pigeon", False, "not set: PIGEON_TOKEN")
    # The settings page documents it from its declaration.
    page = gen.render()
    assert "### Carrier Pigeon (`pigeon`)" in page and "| `loft` | text or whole number | **required** |" in page
    assert "`PIGEON_TOKEN`" in page


def test_a_new_platforms_missing_setting_is_located(pigeon, project):
    choose(project, "platforms: [bluesky, pigeon]")
    with pytest.raises(InputError) as error:
        load_practice(project / "site_config.yml")
    [problem] = error.value.problems
    assert problem.field == "plugins.syndicate.platform_options.pigeon.loft" and "needs 'loft'" in problem.message
    lines = (project / "site_config.yml").read_text().splitlines()
    assert "platforms: [bluesky, pigeon]" in lines[problem.line - 1]


def test_without_the_module_the_name_is_unknown(project):
    assert "pigeon" not in platform_names()
    choose(project, "platforms: [bluesky, pigeon]")
    with pytest.raises(InputError, match="Expected one of"):
        load_practice(project / "site_config.yml")


def test_each_platform_declares_its_label_credentials_limit_and_settings():
    for name, cls in registry().items():
        assert cls.name == name and cls.label and cls.default_limit > 0 and isinstance(cls.env_vars, tuple)
        assert all(f.doc for f in fields(cls.Options)), name  # the settings page needs a line for each
        api_base = next(f for f in fields(cls.Options) if f.name == "api_base")
        assert api_base.required or api_base.default.startswith("https://"), name
        assert platform_class(name) is cls


@pytest.mark.parametrize(("broken", "wanted"), [
    ({"facebook": "photo: true\n"}, "needs 'page_id'"),
    ({"facebook": "page_id: 1\npgae_id: 2\n"}, "has no setting 'pgae_id'"),
    ({"facebook": "page_id: 1\nphoto: yes please\n"}, "'photo': expected true or false"),
    ({"mastodon": "api_base: mastodon.example\n"}, "'api_base': The URL isn't valid"),
    ({"threads": "publish_wait: soon\n"}, "'publish_wait': expected a whole number or a number"),
    ({"mastodn": "api_base: https://m.example\n"}, "did you mean 'mastodon'"),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_wrong_setting_stops_check_and_build_with_its_line_before_anything_else(project, broken, wanted, command):
    choose(project, "platforms: [bluesky, mastodon, facebook]",
           {"mastodon": "api_base: https://mastodon.example\n", "facebook": "page_id: 1\n", **broken})
    result = run_cli(project, command)
    assert result.exit_code != 0 and wanted in result.output, result.output
    [name] = broken
    located = re.search(rf"site_config\.yml:(\d+): \[(plugins\.syndicate\.platform_options\.{name}\b[^\]]*)\]",
                        result.output)
    assert located, result.output
    # The line is the setting's own, or for a missing one its platform's section.
    line = (project / "site_config.yml").read_text().splitlines()[int(located.group(1)) - 1]
    assert line.strip().startswith((located.group(2).split(".")[-1] + ":", name + ":")), (line, located.group(2))
    assert "Traceback" not in result.output and not (project / "site").exists()


def test_every_problem_is_reported_at_once(project):
    choose(project, "platforms: [bluesky, mastodon, facebook]",
           {"facebook": "photo: maybe\n", "mastodon": "api_base: https://m.example\nlimt: 400\n"})
    with pytest.raises(InputError) as error:
        load_practice(project / "site_config.yml")
    fields_named = {p.field.rsplit(".", 2)[-2] + "." + p.field.rsplit(".", 1)[-1] for p in error.value.problems}
    assert {"facebook.page_id", "facebook.photo", "mastodon.limt"} <= fields_named
    text = (project / "site_config.yml").read_text().splitlines()
    limt = next(p for p in error.value.problems if p.field.endswith("limt"))
    assert text[limt.line - 1].strip() == "limt: 400" and "did you mean 'limit'" in limt.fix


def test_the_time_zone_is_checked_once_by_the_config_and_located(project):
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("timezone: America/Chicago", "timezone: Mars/Olympus"))
    with pytest.raises(InputError) as error:
        load_practice(config)
    [problem] = error.value.problems
    assert "unknown time zone 'Mars/Olympus'" in problem.message and problem.field == "plugins.syndicate.timezone"
    assert config.read_text().splitlines()[problem.line - 1].strip() == "timezone: Mars/Olympus"


def test_an_article_cannot_widen_the_practices_platforms(project):
    practice = load_practice(project / "site_config.yml")
    with pytest.raises(InputError, match="'x' is not one of the practice's platforms"):
        load_article(write_article(project, "w.md", VALID_FRONT + "platforms: [x]\n"), practice)


def test_a_client_refuses_settings_it_does_not_take_when_made():
    with pytest.raises(OptionsError, match="did you mean 'page_id'"):
        platform_class("facebook")({"page": "1"}, env={})
    assert platform_class("facebook")({"page_id": 1234}, env={}).options.page_id == "1234"


def test_retracting_on_a_platform_no_longer_set_up_names_the_missing_setting(project):
    practice = load_practice(project / "site_config.yml")
    with pytest.raises(InputError, match=r"platform_options\.facebook\.page_id"):
        make_platforms(practice, ["facebook"], env={})


def test_every_pinned_api_version_is_one_the_retirement_table_knows():
    from syndicate.platforms import versions
    for name, cls in registry().items():
        stand_ins = {f.name: "https://api.example" if f.kind == "url" else "1" for f in fields(cls.Options) if f.required}
        for api, version in cls(stand_ins, env={}).pinned_versions().items():
            assert versions.sunset(api, version) is not None, (name, api, version)
