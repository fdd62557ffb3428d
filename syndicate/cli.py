"""The `syndicate` command: thin click commands over the library. No logic lives only here.

Errors: the library raises `syndicate.errors.SyndicateError` subclasses, each carrying its exit
code, and click shows them and exits with that code; so no command catches errors of its own.
Anything else that escapes is a bug: `SyndicateGroup` prints one line asking for a report (and the
traceback only with --debug) and exits 70.
"""
from __future__ import annotations

import errno
import math
import os
import signal
import sys
import traceback
from datetime import datetime
from pathlib import Path

import click

from . import clock
from .errors import (EXIT_BUG, EXIT_CONTENT, EXIT_OK, EXIT_POSTING, EXIT_SETUP, Interrupted, SetupError,
                     SyndicateError, UsageError)

# Material's end-of-life notice belongs to whoever plans the upgrade, not to every clinician's build
# log; README.md#maintenance states it, with the plan (tests/test_docs.py keeps that section there).
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

DEBUG_ENV = "SYNDICATE_DEBUG"  # the same as --debug, for a CI job whose command line is fixed
REPORT_TO = ("report it as an issue in the repository that holds syndicate, with the command you ran "
             "and what it printed when run again with --debug (syndicate --debug COMMAND …)")
_CONTROL = frozenset(chr(c) for c in (*range(0x20), *range(0x7f, 0xa0))) - {"\t"}
MAX_TEXT = 1_000  # characters in a free-text option: a title, an id, a name


class SyndicateGroup(click.Group):
    """The one place where exceptions become exit codes (README.md#exit-codes).

    A SyndicateError is shown by click and exits with its own code; Ctrl-C exits 130; any other
    exception is a bug: one line saying so and where to report it, the traceback only with --debug.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise Interrupted() from None
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # the reader went away (`syndicate preview | head`): click handles it
            _report_bug(exc, debug=bool(ctx.params.get("debug")) or os.environ.get(DEBUG_ENV, "0") not in ("", "0"))
            raise click.exceptions.Exit(EXIT_BUG) from None


def _report_bug(exc: Exception, *, debug: bool) -> None:
    # Without --debug, only the exception's type and place: its message could quote an article (PHI)
    # or a server's reply, and CI logs are kept.
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}syndicate{os.sep}" in f.filename] or frames
    where = f" at {Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else ""
    if debug:  # a library's exception may quote a request (a token in the query): mask every credential
        from .http import redact_known
        sys.stderr.write(redact_known("".join(traceback.format_exception(exc))))
    click.secho(f"error: a bug in syndicate ({type(exc).__name__}{where}) stopped this command. "
                "Please " + REPORT_TO + ".",
                fg="red", err=True)


# --- parameter types: a bad value is a usage error (exit 2) naming the option -------------------

class _Parsed(click.ParamType):
    """A value parsed from one line of text: what the parser refuses is a usage error naming the option."""

    example = ""

    def parse(self, text: str):
        raise NotImplementedError

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value  # a default, or already converted
        try:
            return self.parse(_plain_text(value, self, param, ctx, limit=100))
        except (ValueError, OverflowError) as exc:
            self.fail(f"{value!r}: {exc}; write it like {self.example}", param, ctx)


class Moment(_Parsed):
    """--now: an ISO 8601 moment; without a zone, UTC (as SYNDICATE_NOW)."""

    name, example = "moment", "2026-11-26T12:00:00+00:00"

    def parse(self, text: str) -> datetime:
        from .field_rules import parse_moment
        return parse_moment(text)


class LocalTime(_Parsed):
    """new --date: a wall-clock time in the practice's time zone (the command attaches the zone)."""

    name, example = "date", "2026-12-01 08:00"

    def parse(self, text: str) -> datetime:
        from dateutil import parser as dateparser
        return dateparser.parse(text).replace(tzinfo=None)


class Address(click.ParamType):
    """serve --dev-addr: HOST:PORT."""

    name = "host:port"

    def convert(self, value, param, ctx):
        host, _, port = _plain_text(value, self, param, ctx, limit=300).rpartition(":")
        if not host or not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
            self.fail(f"{value!r} is not HOST:PORT; write it like 127.0.0.1:8000", param, ctx)
        return value


class Text(click.ParamType):
    """Free text (a title, a slug, an id, a name): one line, no control characters, not huge."""

    name = "text"

    def __init__(self, *, empty: bool = False):
        self.empty = empty

    def convert(self, value, param, ctx):
        value = _plain_text(value, self, param, ctx, limit=MAX_TEXT)
        if not self.empty and not value.strip():
            self.fail("is empty", param, ctx)
        return value


def _plain_text(value, kind: click.ParamType, param, ctx, *, limit: int) -> str:
    value = str(value)
    if len(value) > limit:
        kind.fail(f"is {len(value):,} characters long; at most {limit:,}", param, ctx)
    bad = next((ch for ch in value if ch in _CONTROL), None)
    if bad is not None:
        kind.fail(f"contains the control character \\x{ord(bad):02x}; type it again without it", param, ctx)
    return value


class SafePath(click.Path):
    """click.Path that first refuses what no file name holds: control characters (a NUL byte), or a
    name longer than the system allows; both would otherwise surface as an OSError or ValueError."""

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            _plain_text(value, self, param, ctx, limit=4096)  # PATH_MAX on Linux
        return super().convert(value, param, ctx)


class SafeFile(click.File):
    """click.File with SafePath's refusals ('-' still reads standard input)."""

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            _plain_text(value, self, param, ctx, limit=4096)
        return super().convert(value, param, ctx)


MOMENT, TEXT, PATH = Moment(), Text(), SafePath(path_type=Path)
CONFIG_OPTION = click.option(
    "--config", "-c", "config_path", default="site_config.yml", show_default=True,
    type=PATH, help="The practice's site config.",
)


def load_practice(config_path: Path):
    from .practice import load_practice as load
    return load(config_path)


@click.group(cls=SyndicateGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="syndicate")
@click.option("--debug", is_flag=True, help=f"On a bug, also print the traceback (or set {DEBUG_ENV}=1).")
def main(debug):
    """Turn clinicians' Markdown articles into the practice's blog, and post teasers linking back.

    \b
    Everyday use:
      syndicate new "Flu shots are here"   start an article (as a draft)
      syndicate serve --preview            see it in your browser as you type
      syndicate check                      the safety check: privacy, advice, alt text
      syndicate build                      build the public site into site/
      syndicate preview                    see the exact social posts that would go out
      syndicate post                       post what is due (CI does this on merge)
      syndicate doctor                     check the platforms' credentials and API versions

    \b
    Exit codes: 0 ok; 1 problems in the content or site_config.yml; 2 wrong usage (a bad option
    value, a path that does not exist); 3 some posts failed or were deferred (the next run
    continues); 4 setup (no site config, font, Pagefind or credentials; a killed worker); 130 interrupted
    (143 for a build stopped by SIGTERM); 70 a bug in syndicate (please report it).
    """


@main.command()
@CONFIG_OPTION
@click.option("--site-dir", type=PATH, help="Where to write the site (default: site_dir in the config).")
def build(config_path, site_dir):
    """Build the public site: checked, drafts and future articles left out.

    The site is built in a temporary folder and swapped in only when complete,
    so a failed build leaves the previous site untouched.
    """
    # Until the build's own handler takes over (MkDocs is imported and the config read first, a second or so), a
    # Ctrl-C is recorded as well as raised: raised inside a `__del__` or a weakref callback, Python swallows it
    # ("Exception ignored in ...") and the build would publish; recorded, it still stops the build.
    signalled: list[int] = []

    def record(signum, frame):
        signalled.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, record)
    try:
        try:  # Ctrl-C while MkDocs is still being imported (a second or so) is an interrupted build too
            from .build import build_site, interrupted_exit
        except KeyboardInterrupt:
            sys.exit(130)
        try:
            click.echo(f"Building {config_path} …", err=True)
            result = build_site(config_path, site_dir, signalled=signalled)
        except KeyboardInterrupt as exc:  # also before the build installs its own handlers: 130, never click's "Aborted!"
            interrupted_exit(exc)
    finally:
        signal.signal(signal.SIGINT, previous)
    for warning in result.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    click.echo(f"Built {result.pages} pages into {result.site_dir} in {result.seconds:.1f} s.")


@main.command()
@CONFIG_OPTION
@click.option("--preview", is_flag=True, help="Also show drafts and future-dated articles (marked 'Preview only').")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, type=Address(), help="Address to serve on.")
@click.option("--full", is_flag=True, help="Rebuild every page on each save (slower on large sites; search stays exact).")
def serve(config_path, preview, dev_addr, full):
    """Live preview: rebuilds and reloads the browser on every save.

    Nothing stops the preview: with --preview each page lists what the safety check found
    (highlighted in the text) and the teasers for each platform; a front-matter or config
    mistake shows as an error page until the next save fixes it.

    After the first build, only the pages whose files changed are rebuilt (plus the
    listings), so a save shows within a couple of seconds even with thousands of articles.
    """
    from .practice import require_config_file
    from .site.plugin import PREVIEW_ENV
    from .site.preview_server import serve as preview_serve
    if preview:
        os.environ[PREVIEW_ENV] = "1"
    require_config_file(config_path)
    click.echo(f"Previewing at http://{dev_addr}/ — press Ctrl+C to stop. Problems show in the browser.", err=True)
    try:
        preview_serve(str(config_path), dev_addr=dev_addr, dirty=not full)
    except OSError as exc:  # the address is taken, most often; build problems are shown in the browser
        raise SetupError(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None


@main.command()
@CONFIG_OPTION
@click.argument("title", type=TEXT)
@click.option("--author", type=TEXT, help="Clinician id from the roster (default: the first one).")
@click.option("--category", type=TEXT, default="Healthy living", show_default=True)
@click.option("--date", "when", type=LocalTime(), help="Publish time, e.g. '2026-12-01 08:00' (default: tomorrow 08:00).")
def new(config_path, title, author, category, when):
    """Start a new article as a draft. The medical reviewer fills in reviewed_by and last_reviewed."""
    from .scaffold import new_article
    practice = load_practice(config_path)
    moment = when.replace(tzinfo=practice.timezone) if when else None
    path = new_article(practice, title, author=author, category=category, when=moment, now=clock.now())
    click.echo(f"Created {path}. Replace its sample text; a colleague who reviews it fills in 'reviewed_by' and "
               "'last_reviewed'; then set 'draft: false' to publish it.")


def _syndication_setup(config_path: Path, now: datetime | None):
    from .article import load_articles
    from .ledger import Ledger
    from .syndication import make_platforms
    practice = load_practice(config_path)
    articles = load_articles(practice)
    ledger = Ledger.load(practice.ledger_path)
    names = sorted({p for a in articles for p in a.platforms})
    return practice, articles, ledger, make_platforms(practice, names), now or clock.now()


def _print_preview(items, fmt: str):
    import json
    from .teaser_preview import rows as teaser_rows
    rows = teaser_rows(items)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "markdown":
        click.echo(_preview_markdown(rows))
        return
    if not rows:
        click.echo("Nothing is due: every published article is already posted on its platforms.")
    for row in rows:
        head = f"── {row['article']} → {row['platform']} ({row['lang']})"
        if row["error"]:
            click.secho(f"{head}  ERROR", fg="red")
            click.echo(f"   {row['error']}")
            continue
        click.secho(f"{head}  {row['length']}/{row['limit']}", bold=True)
        for line in row["text"].splitlines() or [""]:
            click.echo(f"   │ {line}")
        click.echo(f"   link:  {row['link']}")
        click.echo(f"   image: {row['image']} (alt: {row['image_alt']})")


def _preview_markdown(rows) -> str:
    """For a CI job summary: one section per teaser, its text in a fenced code block exactly as sent.

    The text comes from a pull request, so it is shown as text, never as Markdown or HTML: an
    `<!--` would hide every teaser after it from the reviewer, `<details>` fold them away and
    `![x](https://…)` load a remote image when the summary is viewed.
    """
    if not rows:
        return "### Teasers\n\nNothing is due to be posted."
    out = ["### Teasers that will be posted", ""]
    for row in rows:
        out.append(f"**{_markdown_literal(row['article'])} → {_markdown_literal(row['platform'])}** "
                   + (f"({row['length']}/{row['limit']})" if not row["error"] else "— ❌ " + _markdown_literal(row["error"])))
        if row["text"]:
            out += ["", *_fenced(row["text"]), ""]
    return "\n".join(out)


def _fenced(text: str) -> list[str]:
    """A fenced code block that holds `text` literally: its fence is longer than any run of
    backticks in the text, so no line of the text can close it (CommonMark 4.5)."""
    import re
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return [fence + "text", *text.splitlines(), fence]


def _markdown_literal(text: str) -> str:
    """One line of text shown as itself in Markdown: HTML's special characters as entities, every
    other ASCII punctuation character backslash-escaped (CommonMark 2.4), line breaks as spaces."""
    entities = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
    return "".join(entities.get(ch) or (f"\\{ch}" if ch.isascii() and not ch.isalnum() and ch.isprintable()
                                        and ch != " " else ch)
                   for ch in " ".join(str(text).split()))


@main.command()
@CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@click.option("--now", type=MOMENT, help="Pretend it is this time (ISO 8601), to preview scheduled articles.")
@click.option("--repost", is_flag=True, help="Include articles already posted.")
def preview(config_path, fmt, now, repost):
    """Show the exact posts that `post` would send, with their counted length. Sends nothing."""
    from .syndication import plan
    practice, articles, ledger, platforms, now = _syndication_setup(config_path, now)
    items = plan(practice, articles, platforms, ledger, now, repost=repost)
    _print_preview(items, fmt)
    sys.exit(EXIT_CONTENT if any(i.error for i in items) else EXIT_OK)


class FiniteFloatRange(click.FloatRange):
    """click.FloatRange that also refuses nan and inf: every comparison with NaN is false, so
    FloatRange lets it through, and a NaN wait would make a lock or a poll loop misbehave."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number of seconds; write e.g. 60", param, ctx)
        return number


SECONDS = FiniteFloatRange(0, 86_400)  # a day: longer is a typo, and a CI job would hang on it


@main.command()
@CONFIG_OPTION
@click.option("--now", type=MOMENT, help="Pretend it is this time (ISO 8601); for rehearsals.")
@click.option("--repost", is_flag=True, help="Post again articles that were already posted (after an edit).")
@click.option("--article", "only", type=TEXT, multiple=True, help="Only this article slug (repeatable).")
@click.option("--live-timeout", type=SECONDS, default=300.0, show_default=True,
              help="Seconds to wait for each article's page to go live.")
@click.option("--max-wait", type=SECONDS, default=60.0, show_default=True,
              help="Seconds each platform may spend waiting on rate limits in this run; past it, it is deferred.")
@click.option("--lock-wait", type=SECONDS, default=60.0, show_default=True, help="Seconds to wait for another run to finish.")
def post(config_path, now, repost, only, live_timeout, max_wait, lock_wait):
    """Post teasers that are due: published, live on the site, and not yet posted there.

    \b
    Safe to run again at any time: what was posted is recorded in the ledger and is not
    posted twice, and before posting what the ledger does not show, the platform is asked.
    Without any platform credentials in the environment this only previews.
    Exit code 3 means some posts failed or a platform is deferred (rate limited past the
    wait budget); the next run retries only those, a deferred platform after its time.
    """
    from .ledger import locked
    practice = load_practice(config_path)
    with locked(practice.ledger_path, lock_wait):  # one run at a time: read, post, write under the lock
        _post(config_path, now, repost, only, live_timeout, max_wait)


def _post(config_path, now, repost, only, live_timeout, max_wait):
    from .gate import gate_errors, stale_reviews
    from .syndication import Status, plan, post_due
    practice, articles, ledger, platforms, now = _syndication_setup(config_path, now)
    unknown = sorted(set(only) - {a.slug for a in articles})
    if unknown:
        raise UsageError(f"--article: no article has the slug {', '.join(map(repr, unknown))} "
                         f"(the slug is the file name without .md)")
    ready = {n: p for n, p in platforms.items() if p.has_credentials()}
    items = plan(practice, articles, platforms, ledger, now, repost=repost, only=only)
    if not ready:
        click.echo("No platform credentials are set, so nothing is posted. This is what would go out:", err=True)
        _print_preview(items, "table")
        sys.exit(EXIT_OK)
    blocking = gate_errors([i.article for i in items], practice)
    if blocking:
        raise SyndicateError("the safety check found errors; nothing was posted:\n" + "\n".join(blocking))
    for line in stale_reviews(list({id(i.article): i.article for i in items}.values()), practice):
        click.secho(f"warning: {line}", fg="yellow", err=True)
    missing = sorted({i.platform for i in items} - set(ready))
    for name in missing:
        p = platforms[name]
        click.secho(f"{p.label}: skipped, set {', '.join(p.env_vars)} to post there.", fg="yellow", err=True)
    items = [i for i in items if i.platform in ready]
    for p in ready.values():
        p.set_wait_budget(max_wait)

    def show(o):
        color = {Status.POSTED: "green", Status.RECOVERED: "green", Status.DEFERRED: "yellow"}.get(o.status, "red")
        click.secho(f"{o.status:>9}  {o.article} → {o.platform}  {o.url or o.detail}", fg=color)

    from .doctor import expiry_warnings
    for warning in expiry_warnings(ready, now):  # before the token fails, while there is time to renew it
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    click.echo(f"{len(items)} teaser(s) due.", err=True)
    outcomes = post_due(items, ready, ledger, now, live_timeout=live_timeout, on_outcome=show)
    bad = [o for o in outcomes if not o.status.succeeded]
    click.echo(f"Done: {len(outcomes) - len(bad)} posted, {len(bad)} not posted. Ledger: {ledger.path}", err=True)
    deferred = {o.platform: o.retry_at for o in outcomes if o.status == Status.DEFERRED}
    for name, until in sorted(deferred.items()):
        click.secho(f"{platforms[name].label}: deferred (rate limited); retry after {until}. The next run after "
                    f"that time continues where this one stopped.", fg="yellow", err=True)
    sys.exit(EXIT_POSTING if bad or missing else EXIT_OK)


@main.command()
@CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--platform", "only", type=TEXT, multiple=True,
              help="Only this platform (repeatable; default: the chosen platforms).")
def doctor(config_path, fmt, only):
    """Check each chosen platform: credentials set and accepted, scopes, days left, API versions.

    \b
    Makes only read-only calls. Exit 0 when every check passes, 4 otherwise, so a
    scheduled workflow fails while a token still has days left to renew it.
    """
    from .doctor import diagnose
    from .syndication import make_platforms
    practice = load_practice(config_path)
    unknown = sorted(set(only) - set(practice.platforms))
    if unknown:
        raise UsageError(f"--platform: not among the platforms chosen in {config_path}: {', '.join(unknown)}")
    report = diagnose(make_platforms(practice, only or practice.platforms), clock.now())
    click.echo(report.as_json() if fmt == "json" else report.as_text())
    sys.exit(EXIT_OK if report.ok else EXIT_SETUP)


@main.command()
@CONFIG_OPTION
@click.argument("slug", type=TEXT)
@click.option("--platform", "only", type=TEXT, multiple=True, help="Only this platform (repeatable).")
@click.option("--lock-wait", type=SECONDS, default=60.0, show_default=True, help="Seconds to wait for another run to finish.")
def retract(config_path, slug, only, lock_wait):
    """Delete every post ever made for an article (for a medical correction) and record that in the ledger.

    Its translations are retracted too (SLUG.es.md, posted as SLUG-es, or any article with
    `translation_of: SLUG`): the correction holds in every language. To retract one language
    only, name its slug (e.g. SLUG-es).
    """
    from .article import load_articles
    from .ledger import Ledger, locked
    from .syndication import Status, language_versions, make_platforms
    from .syndication import retract as retract_posts
    from .platforms import platform_names
    unknown = sorted(set(only) - set(platform_names()))
    if unknown:
        raise UsageError(f"--platform: unknown platform {', '.join(map(repr, unknown))}: one of {', '.join(platform_names())}")
    practice = load_practice(config_path)
    try:
        articles = load_articles(practice)
    except SyndicateError as exc:  # broken content must not stop a correction: the ledger names suffice
        click.echo(f"note: the content could not be read ({exc.format_message().splitlines()[0]}); "
                   "translations are found by their ledger names (SLUG-es) only", err=True)
        articles = None
    with locked(practice.ledger_path, lock_wait):
        ledger = Ledger.load(practice.ledger_path)
        versions = language_versions(slug, ledger, articles)
        names = set(only) or {name for v in versions for name in ledger.entries.get(v, {})}
        if not names:
            raise UsageError(f"the ledger has no posts for '{slug}'; `syndicate preview --repost` lists the slugs")
        if len(versions) > 1:
            click.echo(f"retracting {slug} in every language: {', '.join(versions)}")
        platforms = make_platforms(practice, sorted(names))
        outcomes = [o for v in versions for o in retract_posts(v, platforms, ledger, clock.now())]
    for o in outcomes:
        click.echo(f"{o.status:>9}  {o.article} → {o.platform}  {o.url or o.detail}")
    sys.exit(EXIT_POSTING if any(o.status == Status.FAILED for o in outcomes) else EXIT_OK)


@main.group()
def ledger():
    """Read and settle the syndication ledger by hand."""


@ledger.command("mark")
@CONFIG_OPTION
@click.argument("slug", type=TEXT)
@click.argument("platform", type=TEXT)
@click.option("--posted", "url", metavar="URL", type=TEXT,
              help="The post is on the platform at URL: record it, never post it again.")
@click.option("--id", "post_id", type=TEXT, help="The platform's id of that post, so `retract` can delete it.")
@click.option("--not-posted", is_flag=True, help="It is not on the platform: the next `post` posts it without looking.")
@click.option("--by", type=TEXT, help="Who settles it (default: $GITHUB_ACTOR, else your user name).")
@click.option("--lock-wait", type=SECONDS, default=60.0, show_default=True, help="Seconds to wait for another run to finish.")
def ledger_mark(config_path, slug, platform, url, post_id, not_posted, by, lock_wait):
    """Settle an entry by hand, e.g. when the platform cannot be asked (a missing read scope).

    \b
    syndicate ledger mark flu-shots-2026 linkedin --posted https://www.linkedin.com/feed/update/urn:li:share:1/
    syndicate ledger mark flu-shots-2026 x --not-posted
    Recorded in the ledger with who and when.
    """
    from .ledger import Ledger, locked
    from .platforms import platform_names
    from .syndication import mark, operator
    if bool(url) == bool(not_posted):
        raise UsageError("give exactly one of --posted URL or --not-posted")
    if platform not in platform_names():
        raise UsageError(f"unknown platform '{platform}': one of {', '.join(platform_names())}")
    if url and not url.startswith(("https://", "http://")):
        raise UsageError(f"--posted takes the post's web address (https://…), not {url!r}")
    practice = load_practice(config_path)
    with locked(practice.ledger_path, lock_wait):
        book = Ledger.load(practice.ledger_path)
        entry = mark(book, slug, platform, clock.now(), url=url, post_id=post_id, by=by or operator())
    click.echo(f"{slug} → {platform}: {entry.state} (marked by {entry.marked_by} at {entry.marked_at})")


@main.command()
@CONFIG_OPTION
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text", show_default=True,
              help="text for people; json for programs; github for pull-request annotations; sarif for code scanning.")
@click.option("--jsonl", "jsonl", type=SafeFile("r", encoding="utf-8"),
              help="Score snippets instead of articles: one {\"id\", \"text\"} object per line; prints one result per line.")
def check(config_path, paths, fmt, jsonl):
    """The safety check: patient identifiers, individual advice, photos, alt text, links, medical review, reading level.

    \b
    Checks every article (drafts included) and every other file that becomes public
    (pages, their file names, text files, picture names), or only the files named. Errors block
    `build` and `post`. If a finding is wrong, accept it in the article with a reason:
      <!-- accept phi.name: Dr. Salk invented the polio vaccine; not a patient -->
    on the line before (or the line of) the finding. Accepted findings stay in the report.
    """
    if jsonl is not None:
        _check_jsonl(config_path, jsonl)
        return
    from .article import load_articles
    from .gate import check_articles, check_files
    from .report import FORMATS
    from .field_rules import removed_markup
    from .topics import variant_findings
    practice = load_practice(config_path)
    wanted = _wanted_files(paths, practice.root) if paths else None
    articles = everything = load_articles(practice)
    if wanted is not None:
        articles = [a for a in articles if a.path.resolve() in wanted]
    found = (check_articles(articles, practice, clock.now()) + variant_findings(everything, only=articles)
             + removed_markup(articles))
    pages = check_files(practice, paths=wanted)  # home, about, policies, any other page and file in content/
    found = sorted(found + pages, key=lambda l: (str(l.path), l.line, l.col))
    click.echo(FORMATS[fmt](found))
    if fmt == "text":
        others = len({l.path for l in pages})
        click.echo(f"Checked {len(articles)} article(s) and every other public file in {practice.docs_dir.name}/"
                   + (f" ({others} with findings)." if others else "."), err=True)
    sys.exit(EXIT_CONTENT if any(l.blocking for l in found) else EXIT_OK)


def _wanted_files(paths: tuple[Path, ...], root: Path) -> set[Path]:
    """The files `check PATH…` names, a folder standing for every file in it; only inside the project."""
    missing = [str(p) for p in paths if not _exists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    outside = [str(p) for p in paths if not p.resolve().is_relative_to(root.resolve())]
    if outside:
        raise UsageError(f"outside the project folder {root}: {', '.join(outside)}; check names files of this project")
    return {f.resolve() for p in paths for f in ([p, *p.rglob("*")] if p.is_dir() else [p])}


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL byte
        return False


def _check_jsonl(config_path: Path, handle):
    import json
    from .checks import check_jsonl
    from .gate import allow_list
    practice = load_practice(config_path)
    flagged = False
    try:
        for result in check_jsonl(handle, allow_list(practice)):
            flagged |= result["flag"]
            click.echo(json.dumps(result, ensure_ascii=False))
    except (ValueError, OSError) as exc:  # the snippets are content: a bad line is exit 1, as before
        raise SyndicateError(f"--jsonl {handle.name}: {exc}") from None
    sys.exit(EXIT_CONTENT if flagged else EXIT_OK)


@main.command("review-due")
@CONFIG_OPTION
@click.option("--within", default=0, show_default=True, type=click.IntRange(0, 36_500), help="Also list reviews falling due within this many days.")
def review_due_command(config_path, within):
    """List articles whose medical review is due (older than review_interval_months)."""
    from datetime import timedelta
    from .article import load_articles
    from .gate import review_due
    practice = load_practice(config_path)
    articles = load_articles(practice)
    today = clock.now().astimezone(practice.timezone).date() + timedelta(days=within)
    rows = [(a, f.message) for a in articles if (f := review_due(a, practice, today)) is not None]
    for a, why in sorted(rows, key=lambda r: r[0].last_reviewed):
        reviewer = practice.clinicians[a.reviewed_by].display if a.reviewed_by else "not named"
        click.echo(f"{os.path.relpath(a.path)}: {a.title} — reviewer {reviewer}: {why}")
    click.echo(f"{len(rows)} article(s) due for medical review.", err=True)
    sys.exit(EXIT_CONTENT if rows else EXIT_OK)


@main.command()
@CONFIG_OPTION
@click.option("--weeks", "span", default=12, show_default=True, type=click.IntRange(0, 10_000), help="How many weeks back to show (scheduled weeks always show).")
@click.option("--now", type=MOMENT, help="Pretend it is this time (ISO 8601).")
def calendar(config_path, span, now):
    """What was published and what is scheduled, week by week, and gaps longer than the cadence."""
    from datetime import timedelta
    from .article import load_articles
    from .calendar import gaps, weeks
    practice = load_practice(config_path)
    articles = load_articles(practice)
    now = now or clock.now()
    tz = practice.timezone
    since = now.astimezone(tz).date() - timedelta(weeks=span)
    for week in weeks(articles, now, tz, since=since):
        label = f"week of {week.monday:%b} {week.monday.day}, {week.monday.year}"
        items = [f"published {a.date.astimezone(tz):%a %b %d}: {a.title}" for a in week.published]
        items += [f"scheduled {a.date.astimezone(tz):%a %b %d %H:%M}: {a.title}" for a in week.scheduled]
        click.echo(f"{label}: " + ("; ".join(items) if items else "—"))
    found = gaps(articles, now, tz, practice.cadence_days)
    recent = [g for g in found if g.end >= since]
    for g in recent:
        state = "and counting: schedule something" if g.open else ""
        click.secho(f"gap: {g.days} days without a new article ({g.start} to {g.end}) {state}".rstrip(), fg="yellow")
    if not recent:
        click.echo(f"No gaps longer than {practice.cadence_days} days.")
