"""`syndicate serve`: MkDocs' live-reload server, made to never block and never hang.

MkDocs' own `serve` exits when the first build fails and, when a later one fails, holds every
request until a build succeeds ("the server will appear stuck"). Here a failed build is shown
in the browser instead (an error page naming the file, line, field and fix) and the next save
recovers. The live-reload script is a static file rather than MkDocs' inline one, so it works
under a Content-Security-Policy that forbids inline script. SIGTERM stops the server as Ctrl-C
does, within a few seconds whatever it is doing, and removes its temporary folder.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _timestamp

from ..build import _interruptible
from . import preview_panel

log = logging.getLogger("mkdocs.syndicate.serve")

STATIC_DIR = Path(__file__).parent / "preview_static"
STATIC_PREFIX = "_syndicate_preview/"  # served by the preview only; never part of a built site
STATIC_TYPES = {".js": "application/javascript", ".css": "text/css"}
STOP_WITHIN = 4.0  # seconds between a stop signal and the process being gone, whatever it was doing


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, plus an error page for a failed build and its own static files."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.failure: str | None = None  # the error page's HTML while the last build failed

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith(self.mount_path + STATIC_PREFIX):
            return self._static(path[len(self.mount_path + STATIC_PREFIX):], start_response)
        failure = self.failure
        page_wanted = path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
        if failure is not None and page_wanted and not path.startswith("/livereload/"):
            with self._epoch_cond:
                epoch = self._visible_epoch
            page = self._inject_js_into_html(failure.encode("utf-8"), epoch)
            start_response("500 Internal Server Error",
                           [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))])
            return [page]
        return super()._serve_request(environ, start_response)

    def _static(self, name: str, start_response):
        target = STATIC_DIR / name
        if "/" in name or target.suffix not in STATIC_TYPES or not target.is_file():
            return None  # 404
        body = target.read_bytes()
        start_response("200 OK", [("Content-Type", STATIC_TYPES[target.suffix]), ("Content-Length", str(len(body))),
                                  ("Cache-Control", "no-store")])
        return [body]

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        static = self.mount_path + STATIC_PREFIX
        style = f'<link rel="stylesheet" href="{static}preview.css">'.encode()
        script = (f'<script src="{static}livereload.js" data-epoch="{epoch}" '
                  f'data-request="{_timestamp()}"></script>').encode()
        head = content.find(b"</head>")
        if head >= 0:
            content = content[:head] + style + content[head:]
        body = content.rfind(b"</body>")
        body = len(content) if body < 0 else body
        return content[:body] + script + content[body:]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def serve(config_file: str, *, dev_addr: str, dirty: bool = True) -> None:
    """Serve the site on dev_addr until Ctrl-C or SIGTERM; rebuild on every change under the watched paths."""
    site_dir = tempfile.mkdtemp(prefix="syndicate-preview-")

    def remove_site_dir():
        shutil.rmtree(site_dir, ignore_errors=True)

    # SIGTERM unwinds like Ctrl-C; a watchdog ends the process STOP_WITHIN seconds after either.
    try:
        with _interruptible(remove_site_dir, grace=STOP_WITHIN):
            _serve(config_file, dev_addr, dirty, site_dir)
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        remove_site_dir()


def _serve(config_file: str, dev_addr: str, dirty: bool, site_dir: str) -> None:
    host, _, port = dev_addr.rpartition(":")
    state: dict = {"config": None, "started": False}

    def get_config():
        config = load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr)
        if not state["started"]:
            # MkDocs keeps a plugin that defines on_startup across rebuilds (and with it its caches).
            config.plugins.on_startup(command="serve", dirty=dirty)
            state["started"] = True
        state["config"] = config
        return config

    # The public site_url stays: teasers in the preview show the exact links that will be posted.
    try:
        mount_path = urlsplit(get_config().site_url or "/").path
    except Exception:
        mount_path = "/"
    server = PreviewServer(builder=lambda: None, host=host, port=int(port), root=site_dir, mount_path=mount_path)
    serve_url = server.url

    def builder(config=None):
        log.info("Building the preview...")
        logged = _Collect()  # MkDocs logs a config's errors and raises only "Aborted with 1 configuration errors!"
        logging.getLogger("mkdocs").addHandler(logged)
        try:
            build(config or get_config(), serve_url=serve_url, dirty=dirty)
        except Exception as exc:  # noqa: BLE001  (any failure is shown in the browser; the server stays up)
            server.failure = preview_panel.error_page(exc, Path(config_file), logged.messages)
            log.error("The preview shows what is wrong in the browser; fix it and save to rebuild.")
            return
        finally:
            logging.getLogger("mkdocs").removeHandler(logged)
        server.failure = None

    server.builder = builder

    def not_found(code: int) -> bytes | None:
        # It reloads too: a page asked for a moment before its first save was built appears by itself.
        page = Path(site_dir) / "404.html"
        if code != 404 or not page.is_file():
            return None
        return server._inject_js_into_html(page.read_bytes(), server._visible_epoch)

    server.error_handler = not_found
    builder(state["config"])
    config = state["config"]
    server.watch(config_file)
    project = Path(config_file).resolve().parent
    # The project's own files: the installed theme's thousands of files never change while writing.
    watched = [config.docs_dir, *config.theme.dirs, *config.watch] if config else [str(project / "content")]
    for path in watched:
        if os.path.isdir(path) and Path(path).resolve().is_relative_to(project):
            server.watch(path)
    if config is not None:
        server = config.plugins.on_serve(server, config=config, builder=builder)
    try:
        server.serve()
    finally:
        server.shutdown()
        if state["started"] and state["config"] is not None:
            state["config"].plugins.on_shutdown()
