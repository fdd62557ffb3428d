"""Platform settings a pull request could abuse: addresses that would carry credentials away, and
numbers that would hang or spin a run (docs/security.md, "Platform addresses")."""
from __future__ import annotations

import math
import re
import socket
import threading

import pytest

from syndicate.errors import InputError
from syndicate.http import poll
from syndicate.platforms import platform_class, registry
from syndicate.platforms.options import OptionsError, fields
from syndicate.practice import load_practice
from tests.conftest import run_cli
from tests.test_platform_registry import choose

BASE = {"mastodon": "api_base: https://mastodon.example\n"}


@pytest.mark.parametrize(("platform", "lines", "key", "wanted"), [
    ("mastodon", "api_base: http://mastodon.example\n", "api_base", "is not https"),
    ("mastodon", "api_base: HTTP://mastodon.example\n", "api_base", "is not https"),
    ("mastodon", "api_base: https://me:pw@mastodon.example\n", "api_base", "carries a user name or password"),
    ("google_business", "account: '1'\nlocation: '2'\ntoken_url: http://oauth2.googleapis.com/token\n",
     "token_url", "is not https"),
    ("google_business", "account: '1'\nlocation: '2'\ntoken_url: https://collector.example/token\n",
     "token_url", "collector.example is not google_business's host"),
    ("google_business", "account: '1'\nlocation: '2'\napi_base: https://mybusiness.googleapis.com.evil.example/v4\n",
     "api_base", "is not google_business's host"),
    ("linkedin", "organization: '1'\nintrospect_url: https://collector.example/introspect\n",
     "introspect_url", "is not linkedin's host"),
    ("linkedin", "organization: '1'\napi_base: https://collector.example\n", "api_base", "is not linkedin's host"),
    ("x", "api_base: https://api.x.com@collector.example\n", "api_base", "carries a user name or password"),
    ("facebook", "page_id: 1\napi_base: https://graph.facebook.example/v25.0\n", "api_base", "is not facebook's host"),
    ("threads", "api_base: http://127.0.0.2:8080/v1.0\n", "api_base", "is not https"),
    ("mastodon", "api_base: http://127.0.0.1@collector.example\n", "api_base", "carries a user name"),
    ("mastodon", "api_base: http://localhost.collector.example\n", "api_base", "is not https"),
    ("mastodon", "api_base: https://mastodon.example\nmedia_wait: .nan\n", "media_wait", "is not a finite number"),
    ("mastodon", "api_base: https://mastodon.example\nmedia_wait: .inf\n", "media_wait", "is not a finite number"),
    ("mastodon", "api_base: https://mastodon.example\nmedia_wait: -5\n", "media_wait", "is not between 0.1 and 3600"),
    ("mastodon", "api_base: https://mastodon.example\npoll_interval: 0\n", "poll_interval", "is not between 0.01 and 60"),
    ("mastodon", "api_base: https://mastodon.example\npoll_interval: -1\n", "poll_interval", "is not between"),
    ("mastodon", "api_base: https://mastodon.example\nlimit: -1\n", "limit", "is not between 1 and 100000"),
    ("mastodon", "api_base: https://mastodon.example\nlimit: 0\n", "limit", "is not between 1 and 100000"),
    ("threads", "publish_wait: .nan\n", "publish_wait", "is not a finite number"),
    ("threads", "poll_interval: 0\n", "poll_interval", "is not between"),
])
def test_check_refuses_a_setting_that_leaks_credentials_or_hangs_with_its_key_line_and_fix(
        project, platform, lines, key, wanted):
    choose(project, f"platforms: [bluesky, {platform}]", {**BASE, platform: lines})
    result = run_cli(project, "check")
    assert result.exit_code == 1 and wanted in result.output, result.output
    field = f"plugins.syndicate.platform_options.{platform}.{key}"
    located = re.search(rf"site_config\.yml:(\d+): \[{re.escape(field)}\]", result.output)
    assert located, result.output
    line = (project / "site_config.yml").read_text().splitlines()[int(located.group(1)) - 1]
    assert line.strip().startswith(key + ":"), line
    assert "Traceback" not in result.output


def test_the_fix_says_how_to_go_back_to_the_platforms_own_address(project):
    choose(project, "platforms: [bluesky, linkedin]",
           {"linkedin": "organization: '1'\nintrospect_url: https://collector.example/i\n"})
    with pytest.raises(InputError) as error:
        load_practice(project / "site_config.yml")
    [problem] = error.value.problems
    assert "remove 'introspect_url:'" in problem.fix and "https://www.linkedin.com/oauth/v2/introspectToken" in problem.fix


@pytest.mark.parametrize("address", ["http://127.0.0.1:9", "http://localhost:9/", "http://[::1]:9",
                                     "https://mastodon.example", "https://social.example.org/"])
def test_mastodon_takes_any_https_instance_and_plain_http_only_on_loopback(project, address):
    choose(project, "platforms: [bluesky, mastodon]", {"mastodon": f"api_base: {address}\n"})
    assert load_practice(project / "site_config.yml").platform_options["mastodon"].api_base == address


def test_the_fixed_hosts_and_loopback_are_accepted(project):
    choose(project, "platforms: [bluesky, google_business, linkedin]", {
        "google_business": "account: '1'\nlocation: '2'\ntoken_url: https://oauth2.googleapis.com/token\n"
                           "api_base: http://127.0.0.1:9/v4\n",
        "linkedin": "organization: '1'\nintrospect_url: http://localhost:9/oauth/v2/introspectToken\n"})
    options = load_practice(project / "site_config.yml").platform_options
    assert options["google_business"].token_url == "https://oauth2.googleapis.com/token"
    assert options["linkedin"].introspect_url.startswith("http://localhost:9/")


@pytest.fixture
def listener():
    """A socket on 127.0.0.2 (loopback, but not a name plain http is allowed for) that records
    whatever connects: nothing should."""
    server = socket.socket()
    server.bind(("127.0.0.2", 0))
    server.listen()
    server.settimeout(0.1)
    connected, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                connected.append(conn.recv(65536))
                conn.close()
            except OSError:
                pass
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connected
    stop.set()
    thread.join()
    server.close()


def test_doctor_sends_no_secret_to_an_address_check_refuses(project, listener, monkeypatch):
    port, connected = listener
    secrets = {"MASTODON_ACCESS_TOKEN": "SECRET-MASTO", "GOOGLE_BUSINESS_CLIENT_ID": "gid",
               "GOOGLE_BUSINESS_CLIENT_SECRET": "SECRET-GCS", "GOOGLE_BUSINESS_REFRESH_TOKEN": "SECRET-GRT"}
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    choose(project, "platforms: [mastodon, google_business]", {
        "mastodon": f"api_base: http://127.0.0.2:{port}\n",
        "google_business": f"account: '1'\nlocation: '2'\ntoken_url: http://127.0.0.2:{port}/token\n"})
    result = run_cli(project, "doctor")
    assert result.exit_code == 1, result.output
    assert "platform_options.mastodon.api_base" in result.output
    assert "platform_options.google_business.token_url" in result.output
    assert "SECRET" not in result.output and connected == []


def test_every_number_setting_has_a_range_and_every_fixed_host_holds_its_default():
    for name, cls in registry().items():
        for field in fields(cls.Options):
            if field.type in (int, float):
                assert field.at_least is not None and field.at_most is not None, (name, field.name)
                assert field.at_least > 0 and math.isfinite(field.at_most), (name, field.name)
                assert field.default in (None,) or field.at_least <= field.default <= field.at_most, (name, field.name)
            if field.kind == "url" and field.hosts and field.default:
                from urllib.parse import urlsplit
                assert urlsplit(field.default).hostname in field.hosts, (name, field.name)


def test_a_client_made_in_code_refuses_the_same_settings():
    with pytest.raises(OptionsError, match="'token_url'.*is not google_business's host"):
        platform_class("google_business")({"account": "1", "location": "2",
                                           "token_url": "https://collector.example/token"}, env={})
    with pytest.raises(OptionsError, match="'media_wait': nan is not a finite number"):
        platform_class("mastodon")({"api_base": "http://127.0.0.1:9", "media_wait": float("nan")}, env={})


@pytest.mark.parametrize(("within", "every", "at_most"), [
    (math.nan, 1, None), (math.inf, 1, None), (-1, 1, None),
    (10, 0, None), (10, -1, None), (10, math.nan, None), (10, 1, 0), (10, 1, math.inf),
])
def test_poll_refuses_a_wait_that_never_ends_or_spins(within, every, at_most):
    attempts = []
    with pytest.raises(ValueError, match="poll: "):
        poll(lambda: attempts.append(1), within=within, every=every, at_most=at_most, sleep=lambda s: None)
    assert not attempts


def test_poll_with_no_time_to_wait_tries_once():
    attempts = []
    assert poll(lambda: attempts.append(1), within=0, every=5, sleep=lambda s: pytest.fail("slept")) is None
    assert attempts == [1]
