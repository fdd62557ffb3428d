"""A whole practice on loopback: the sample project, its site served on 127.0.0.1, and every
platform peer (the real Bluesky PDS, contract fakes for the rest). Used by the syndication and
rehearsal tests to run the real `syndicate` commands end to end.
"""
from __future__ import annotations

import functools
import importlib
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
import yaml

from syndicate.platforms import platform_names
from syndicate.platforms.linkedin import little

from .conftest import copy_project
from .fakes.proxy import ForwardingProxy
from .fakes.server import FakeAPI

SYNDICATE = str(Path(sys.executable).with_name("syndicate"))
REAL_PEERS = {"bluesky"}  # a real PDS (tests/peers), started by a fixture; every other platform has a fake


def platform_fakes() -> dict[str, type[FakeAPI]]:
    """The contract fake of every registered platform without a real peer: the FakeAPI subclass in
    tests/fakes/<id>.py that plays it. A new platform's fake is found here without an edit."""
    found = {}
    for name in platform_names():
        if name in REAL_PEERS:
            continue
        module = importlib.import_module(f"tests.fakes.{name}")
        [cls] = [c for c in vars(module).values() if isinstance(c, type) and issubclass(c, FakeAPI)
                 and c.platform == name]
        found[name] = cls
    return found


TOKENS = {var: value for cls in platform_fakes().values() for var, value in cls.credentials.items()}


class StaticSite:
    """The 'deployed' site: a folder served on loopback, present or not, like a real host."""

    def __init__(self, folder: Path):
        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        self.folder = folder
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Stage:
    project: Path
    site: StaticSite
    fakes: dict
    pds: object | None
    env: dict = field(default_factory=dict)

    @property
    def ledger(self) -> dict:
        path = self.project / "ledger.yml"
        return (yaml.safe_load(path.read_text()) or {}).get("articles", {}) if path.exists() else {}

    def run(self, *args: str, now: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {**os.environ, **self.env}
        if now:
            env["SYNDICATE_NOW"] = now
        return subprocess.run([SYNDICATE, *args], cwd=self.project, env=env, capture_output=True, text=True,
                              timeout=timeout)

    def start_run(self, *args: str, now: str | None = None) -> subprocess.Popen:
        env = {**os.environ, **self.env, **({"SYNDICATE_NOW": now} if now else {})}
        return subprocess.Popen([SYNDICATE, *args], cwd=self.project, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def posted_texts(self) -> dict[str, list[str]]:
        """What each platform holds now, as the text our client sent."""
        texts = {name: fake.posted_texts() for name, fake in self.fakes.items() if name not in REAL_PEERS}
        if self.pds is not None:
            texts["bluesky"] = [r["value"]["text"] for r in self.bluesky_records()]
        return texts

    def bluesky_records(self) -> list[dict]:
        r = requests.get(f"{self.pds.url}/xrpc/com.atproto.repo.listRecords",
                         params={"repo": self.env["BLUESKY_HANDLE"], "collection": "app.bsky.feed.post", "limit": 100},
                         timeout=10)
        r.raise_for_status()
        return r.json()["records"]

    def stop(self):
        self.site.stop()
        for fake in self.fakes.values():
            fake.stop()


def as_sent(platform: str, text: str) -> str:
    """The preview text in the wire form the platform documents (LinkedIn's little text)."""
    return little(text) if platform == "linkedin" else text


def start_stage(root: Path, pds=None, platforms: list[str] | None = None) -> Stage:
    """Copies the sample project, points it at loopback peers, and builds it (not yet deployed)."""
    project = copy_project(root / "project")
    served = root / "deployed"
    served.mkdir()
    site = StaticSite(served)
    fakes = {name: cls().start() for name, cls in platform_fakes().items()}
    env = dict(TOKENS)
    options = {name: fake.client_options() for name, fake in fakes.items()}
    chosen = platforms or list(options)
    if pds is not None:
        handle, _did, password = pds.create_account("clinic")
        env.update(BLUESKY_HANDLE=handle, BLUESKY_APP_PASSWORD=password)
        fakes["bluesky"] = ForwardingProxy(pds.url).start()  # the real PDS, behind a proxy for crash tests
        options["bluesky"] = {"api_base": fakes["bluesky"].url}
        chosen = ["bluesky", *chosen]
    config_path = project / "site_config.yml"
    config = config_path.read_text()
    plugin_start = config.index("  - syndicate:")
    head, plugin = config[:plugin_start], yaml.safe_load(config[plugin_start:].split("\nvalidation:")[0])
    settings = plugin[0]["syndicate"]
    settings["platforms"] = chosen
    settings["platform_options"] = {k: v for k, v in options.items() if k in chosen}
    head = head.replace("site_url: https://blog.riverbend-family.example/", f"site_url: {site.url}")
    config_path.write_text(head + _indent(yaml.safe_dump(plugin, sort_keys=False))
                           + "\nvalidation:\n  nav:\n    omitted_files: ignore\n")
    return Stage(project, site, fakes, pds, env)


def _indent(text: str) -> str:
    return "".join("  " + line if line.strip() else line for line in text.splitlines(keepends=True))


def deploy(stage: Stage, now: str) -> None:
    """`syndicate build` into site/, then publish that folder where the static server serves it."""
    result = stage.run("build", now=now)
    assert result.returncode == 0, result.stderr
    incoming = stage.site.folder.with_name("incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(stage.project / "site", incoming)
    old = stage.site.folder.with_name("old")
    os.replace(stage.site.folder, old)
    os.replace(incoming, stage.site.folder)
    shutil.rmtree(old)


def preview_json(stage: Stage, now: str) -> list[dict]:
    result = stage.run("preview", "--format", "json", now=now)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)
