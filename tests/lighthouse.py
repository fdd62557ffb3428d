"""Lighthouse (npm `lighthouse`, pinned in tests/node_tools) with Debian's Chromium, on a built site served
on 127.0.0.1 the way a static host serves it: text files gzip-compressed.

Used by tests/test_lighthouse.py (one run per page) and scripts/bench_lighthouse.py (several runs, for
the spread in docs/benchmarks.md).
"""
from __future__ import annotations

import functools
import gzip
import io
import json
import os
import signal
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NODE_TOOLS = Path(__file__).parent / "node_tools"
LIGHTHOUSE = NODE_TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The figures a performance score is made of, and the audits that say where the time goes.
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index", "total-byte-weight")
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class CompressingHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it, as GitHub Pages, Netlify and nginx with
    gzip_static serve them. Uncompressed, Material's stylesheet and script alone are 250 KB: on
    Lighthouse's simulated phone connection that is a second of loading no real host would add."""

    _cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path)
                or not ctype.startswith(COMPRESSED_TYPES) or not self.path.split("?")[0].endswith(("/", ".html", ".css", ".js", ".json", ".xml", ".svg"))):
            return super().send_head()
        body = self._cache.get(path)
        if body is None:
            body = self._cache[path] = gzip.compress(Path(path).read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve_compressed(site: Path):
    """Serves `site` gzipped, as static hosts do, on a free loopback port; yields its address."""
    return serve_with(site, type("Handler", (CompressingHandler,), {"_cache": {}}))


@contextmanager
def serve_with(site: Path, handler: type):
    """Serves `site` with the given request handler class on a free loopback port; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Report:
    url: str
    scores: dict[str, int]           # category -> 0..100
    metrics: dict[str, str]          # metric -> Lighthouse's display value
    failing: list[str]               # audits that cost points, with Lighthouse's own figure
    errored: list[str]               # audits Lighthouse could not run (none of them is scored)
    benchmark_index: int             # Lighthouse's measure of the host's CPU speed during the run
    load: float                      # the host's one-minute load average when the run ended

    def summary(self) -> str:
        return (f"{self.url}: {self.scores}; " + ", ".join(f"{k} {v}" for k, v in self.metrics.items())
                + f"; costing points: {self.failing}; "
                f"benchmarkIndex {self.benchmark_index}, load average {self.load:.1f}; could not run: {self.errored}")


def audit(url: str, timeout: int = 240) -> Report:
    """One Lighthouse run, mobile with its default simulated throttling (Lighthouse's defaults)."""
    missing = [str(p) for p in (Path(CHROMIUM), LIGHTHOUSE) if not p.exists()]
    assert not missing, f"{missing} missing: bash scripts/setup.sh installs Debian's chromium and tests/node_tools"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                   f"--only-categories={','.join(CATEGORIES)}", "--disable-full-page-screenshot",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run "
                   "--disable-background-networking --disable-component-update --disable-sync"]
        # Its own process group: on a timeout or an interrupt, Chromium goes with Lighthouse.
        process = subprocess.Popen(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            _, err = process.communicate(timeout=timeout)
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
        assert process.returncode == 0 and out.exists(), f"Lighthouse failed on {url}: {err[-2000:]}"
        result = json.loads(out.read_text())
    assert not result.get("runtimeError"), result["runtimeError"]
    audits = result["audits"]
    weighted = {ref["id"] for cat in result["categories"].values() for ref in cat["auditRefs"] if ref["weight"] > 0}
    failing = sorted(f"{a['id']} ({a.get('displayValue') or a['score']})" for a in audits.values()
                     if a["id"] in weighted and a.get("score") is not None and a["score"] < 1)
    # Lighthouse 12.2.3's trace engine cannot read some of Chromium 156's trace events: the diagnostics
    # built on them (render-blocking-resources, largest-contentful-paint-element, layout-shifts, ...) error
    # out. None carries weight in a category score; a scored one erroring would fail the run.
    errored = sorted(a["id"] for a in audits.values() if a.get("scoreDisplayMode") == "error")
    assert not weighted & set(errored), f"scored audits could not run: {weighted & set(errored)}"
    return Report(
        url=url,
        scores={c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES},
        metrics={m: audits[m].get("displayValue", "") for m in METRICS},
        failing=failing,
        errored=errored,
        benchmark_index=round(result["environment"]["benchmarkIndex"]),
        load=os.getloadavg()[0],
    )
