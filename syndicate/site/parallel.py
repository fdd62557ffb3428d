"""Spreading a large build over every core, with fork.

Article Markdown is rendered in forked workers by MkDocs' own `Page.render`, so the HTML is
the same as a sequential build's; the main process then takes each result where it would
have rendered. The safety gate and the share cards run in one more forked process while the
main process renders templates. Fork (not spawn) lets the children inherit the loaded config,
files and plugins without pickling them.
"""
from __future__ import annotations

import logging
import types
from dataclasses import dataclass, field

from mkdocs.structure.pages import Page

from .. import workers as pools

_SHARED: dict = {}  # set just before forking; the children read it


@dataclass
class Rendered:
    content: str
    toc: object
    title: str | None
    present_anchor_ids: set | None
    links_to_anchors: dict | None  # keyed by src_uri: File objects do not travel between processes
    logs: list = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def _render(src_uri: str) -> tuple[str, Rendered]:
    config, files = _SHARED["config"], _SHARED["files"]
    file = files.get_file_from_path(src_uri)
    page = file.page or Page(None, file, config)
    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    config._current_page = page
    try:
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
    finally:
        log.removeHandler(collect)
        config._current_page = None
    links = None
    if page.links_to_anchors is not None:
        links = {f.src_uri: anchors for f, anchors in page.links_to_anchors.items()}
    return src_uri, Rendered(page.content, page.toc, page._title_from_render, page.present_anchor_ids, links,
                             collect.records)


class Prerenderer:
    """Renders the given pages on `workers` forked processes; `take` hands out each result once."""

    def __init__(self, config, files, src_uris: list[str], workers: int):
        _SHARED.update(config=config, files=files)
        self._pool = pools.fork_pool(workers)
        self._results = pools.imap(self._pool, _render, src_uris, chunksize=4)
        self._ready: dict[str, Rendered] = {}
        self._wanted = set(src_uris)

    def take(self, src_uri: str) -> Rendered | None:
        if src_uri not in self._wanted:
            return None
        while src_uri not in self._ready:
            uri, rendered = next(self._results)
            self._ready[uri] = rendered
        self._wanted.discard(src_uri)
        return self._ready.pop(src_uri)

    def close(self) -> None:
        pools.close(self._pool)


def use_rendered(page, rendered: Rendered, files) -> None:
    """Makes `page.render` set what the worker computed instead of converting again."""

    def render(self, config, _files):
        self.content = rendered.content
        self.toc = rendered.toc
        self._title_from_render = rendered.title
        self.present_anchor_ids = rendered.present_anchor_ids
        if rendered.links_to_anchors is not None:
            self.links_to_anchors = {files.get_file_from_path(uri): a for uri, a in rendered.links_to_anchors.items()}
        for name, level, message in rendered.logs:  # the worker's warnings count in this build
            logging.getLogger(name).log(level, message)

    page.render = types.MethodType(render, page)


class Background:
    """One forked process running `job()`; `result()` waits for it and re-raises its error."""

    def __init__(self, job):
        _SHARED["background"] = job
        self._pool = pools.fork_pool(1)
        self._async = self._pool.apply_async(_run_background)

    def result(self):
        try:
            return pools.result(self._pool, self._async)
        finally:
            pools.close(self._pool)

    def close(self) -> None:
        pools.close(self._pool)


def _run_background():
    return _SHARED["background"]()
