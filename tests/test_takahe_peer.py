"""The Mastodon client against Takahē, a second, independently written Mastodon-API server.

Takahē ignores Idempotency-Key (a repeated POST is a second status) and decodes every image
it is sent, so these tests show what the contract fake cannot: a status whose answer was lost
is looked for, never posted again, and share images are real, decodable pictures.
"""
from __future__ import annotations

import html
import secrets
import time
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
import requests

from syndicate.ledger import Ledger
from syndicate.platforms._rest import mentions
from syndicate.platforms.base import Teaser
from syndicate.platforms.mastodon import Mastodon
from syndicate.syndication import Planned, look_first, post_one, retract
from tests.fakes.images import NOT_AN_IMAGE, png_bytes
from tests.fakes.proxy import ForwardingProxy
from tests.fakes.server import Response
from tests.peers.fixtures import takahe  # noqa: F401  (one Takahē per test session)

NOW = datetime(2026, 11, 26, 12, tzinfo=timezone.utc)


def make_teaser(tmp_path) -> Teaser:
    """A teaser for an article no earlier test linked to (Takahē's data outlives a session)."""
    slug = f"heart-{secrets.token_hex(4)}"
    link = f"https://clinic.example/articles/{slug}/?utm_source=mastodon&utm_medium=social&utm_campaign={slug}"
    image = tmp_path / f"{slug}.png"
    image.write_bytes(png_bytes((120, 63)))
    text = f"Five habits for a healthy heart.\n\n#Heart\n\n{link}"
    return Teaser(slug=slug, platform="mastodon", text=text, link=link, title="Heart health",
                  description="Five habits.", image_url=None, image_path=str(image), image_alt="A drawing of a heart",
                  length=len(text), limit=500)


def client(base: str, token: str) -> Mastodon:
    # image_mode attach: these tests cover the image path against a real server (the default is the link card).
    return Mastodon({"api_base": base, "poll_interval": 0.05, "image_mode": "attach"},
                    env={"MASTODON_ACCESS_TOKEN": token})


def auth(peer) -> dict:
    return {"Authorization": f"Bearer {peer.token}"}


def statuses_linking(peer, link: str) -> list[dict]:
    r = requests.get(f"{peer.url}/api/v1/accounts/{peer.account_id}/statuses", params={"limit": 40},
                     headers=auth(peer), timeout=30)
    r.raise_for_status()
    return [s for s in r.json() if mentions(html.unescape(s.get("content") or ""), link)]


def wait_until_fanned_out(peer, post_id: str, within: float = 120) -> None:
    # Not the home timeline: the worker puts the status there (another worker's job, run in parallel)
    # before its own handler has finished and written "fanned_out", and that late write is what undoes
    # a DELETE. Only the state itself says the handler is done.
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if peer.post_state(post_id) == "fanned_out":
            return
        time.sleep(0.2)
    raise AssertionError(f"Takahē's worker did not fan out status {post_id} within {within} s "
                         f"(state {peer.post_state(post_id)!r}):\n{peer.log_tail()}")


def planned(teaser: Teaser) -> Planned:
    return Planned(SimpleNamespace(slug=teaser.slug), "mastodon", teaser)


def test_posts_with_a_real_image_and_its_alt_text(takahe, tmp_path):  # noqa: F811
    teaser = make_teaser(tmp_path)
    posted = client(takahe.url, takahe.token).post(teaser, f"{teaser.slug}:mastodon")
    status = requests.get(f"{takahe.url}/api/v1/statuses/{posted.id}", headers=auth(takahe), timeout=30).json()
    assert status["id"] == posted.id and teaser.link in html.unescape(status["content"])
    [media] = status["media_attachments"]
    assert media["type"] == "image" and media["description"] == "A drawing of a heart"


def test_takahe_answers_500_to_an_image_that_does_not_decode(takahe):  # noqa: F811
    """Why the contract fakes decode images: a PNG signature over zeros is not an image to a real server."""
    r = requests.post(f"{takahe.url}/api/v2/media", headers=auth(takahe), timeout=30,
                      files={"file": ("a.png", NOT_AN_IMAGE, "image/png")})
    assert r.status_code == 500


def test_takahe_ignores_idempotency_key(takahe):  # noqa: F811
    """So a client must not rely on the key alone: the same key twice makes two statuses."""
    key = secrets.token_hex(8)
    ids = [requests.post(f"{takahe.url}/api/v1/statuses", headers={**auth(takahe), "Idempotency-Key": key},
                         data={"status": f"idempotency probe {key}", "visibility": "unlisted"}, timeout=30).json()["id"]
           for _ in range(2)]
    assert ids[0] != ids[1]


def test_a_spanish_status_is_accepted_with_its_language_which_takahe_does_not_keep(takahe, tmp_path):  # noqa: F811
    """Takahē takes `language` (PostStatusSchema) but stores none: every status answers `language: null`.

    So the client's `language` is checked here as far as Takahē goes (accepted, the Spanish text and
    link posted, found again by a rerun), and its value on the contract fake (test_platform_mastodon)."""
    from dataclasses import replace
    english = make_teaser(tmp_path)
    link = english.link.replace("/articles/", "/es/articles/")
    text = f"Cinco hábitos para un corazón sano.\n\n#Corazón\n\n{link}"
    spanish = replace(english, text=text, link=link, lang="es", length=len(text), image_path=None)
    ledger = Ledger(tmp_path / "ledger.yml")
    assert post_one(planned(spanish), client(takahe.url, takahe.token), ledger, NOW).status == "posted"
    [status] = statuses_linking(takahe, link)
    assert "Cinco hábitos para un corazón sano." in html.unescape(status["content"])
    assert status["language"] is None  # Takahē's Post.to_mastodon_json: "language": None, always
    assert statuses_linking(takahe, english.link) == []  # the English link is another article's
    again = look_first(planned(spanish), client(takahe.url, takahe.token), Ledger(tmp_path / "lost.yml"), NOW)
    assert again is not None and again.status == "recovered"


def test_a_rerun_that_lost_its_ledger_finds_the_status_instead_of_posting_again(takahe, tmp_path):  # noqa: F811
    teaser = make_teaser(tmp_path)
    first_run = Ledger(tmp_path / "ledger.yml")
    assert look_first(planned(teaser), client(takahe.url, takahe.token), first_run, NOW) is None
    posted = post_one(planned(teaser), client(takahe.url, takahe.token), first_run, NOW)
    assert posted.status == "posted"

    lost = Ledger(tmp_path / "lost.yml")  # the next run, with a ledger that lost the entry
    again = look_first(planned(teaser), client(takahe.url, takahe.token), lost, NOW)
    assert again is not None and again.status == "recovered" and again.url == posted.url
    assert len(statuses_linking(takahe, teaser.link)) == 1
    assert lost.get(teaser.slug, "mastodon").post_id == first_run.get(teaser.slug, "mastodon").post_id


@pytest.mark.parametrize("answer", ["502", "dropped"])
def test_a_status_created_before_its_answer_was_lost_is_found_not_repeated(takahe, tmp_path, answer):  # noqa: F811
    """Takahē creates the status; the proxy then loses the answer (a 502, or a dropped connection)."""
    teaser = make_teaser(tmp_path)
    with ForwardingProxy(takahe.url, create_path=r"/api/v1/statuses") as proxy:
        proxy.after_create = (lambda r: None) if answer == "dropped" else (lambda r: Response(502, {"error": "bad gateway"}))
        mastodon = client(proxy.url, takahe.token)
        ledger = Ledger(tmp_path / "ledger.yml")
        assert look_first(planned(teaser), mastodon, ledger, NOW) is None
        outcome = post_one(planned(teaser), mastodon, ledger, NOW)
        creates = [r for r in proxy.requests if r.method == "POST" and r.path == "/api/v1/statuses"]
    assert outcome.status == "recovered", outcome.detail
    assert len(creates) == 1  # the POST was not repeated
    [status] = statuses_linking(takahe, teaser.link)
    assert ledger.get(teaser.slug, "mastodon").post_id == status["id"]


def test_retract_deletes_the_status(takahe, tmp_path):  # noqa: F811
    teaser = make_teaser(tmp_path)
    ledger = Ledger(tmp_path / "ledger.yml")
    mastodon = client(takahe.url, takahe.token)
    assert post_one(planned(teaser), mastodon, ledger, NOW).status == "posted"
    post_id = ledger.get(teaser.slug, "mastodon").post_id
    # Takahē's worker (Stator) fans a new status out and then sets its state unconditionally, so a
    # DELETE answered while it is still fanning out is undone a moment later and the status comes
    # back (a Takahē race that Mastodon does not have; seen under load, twice in CI). Wait for the
    # worker to write "fanned_out" before retracting.
    wait_until_fanned_out(takahe, post_id)
    [outcome] = retract(teaser.slug, {"mastodon": mastodon}, ledger, NOW)
    assert outcome.status == "retracted"
    # The DELETE marks the status deleted at once (the worker only tells followers later).
    assert requests.get(f"{takahe.url}/api/v1/statuses/{post_id}", headers=auth(takahe), timeout=30).status_code == 404
    assert statuses_linking(takahe, teaser.link) == []
    assert ledger.get(teaser.slug, "mastodon").state == "retracted"


def test_syndicate_post_against_takahe_posts_once_and_a_rerun_posts_nothing(takahe, tmp_path):  # noqa: F811
    """The whole command: the sample site's real share cards, then a rerun, then a rerun that lost its ledger."""
    from tests.conftest import SAMPLE_NOW
    from tests.stage import deploy, start_stage
    stage = start_stage(tmp_path, None, platforms=["mastodon"])
    try:
        config = stage.project / "site_config.yml"
        # The image path on a real server: image_mode attach (the default is the link card).
        import re
        text = config.read_text().replace(stage.fakes["mastodon"].url, takahe.url)
        config.write_text(re.sub(r"^( +)api_base: (.*)$", r"\1api_base: \2\n\1image_mode: attach", text,
                                 count=1, flags=re.M))
        stage.env["MASTODON_ACCESS_TOKEN"] = takahe.token
        deploy(stage, SAMPLE_NOW)
        two = ["--article", "healthy-sleep", "--article", "flu-shots-2026"]
        first = stage.run("post", *two, now=SAMPLE_NOW)
        assert first.returncode == 0, first.stdout + first.stderr
        assert stage.run("post", *two, now=SAMPLE_NOW).stderr.count("0 teaser(s) due") == 1
        (stage.project / "ledger.yml").write_text("articles: {}\n")
        lost = stage.run("post", *two, now=SAMPLE_NOW)
        assert lost.returncode == 0 and lost.stdout.count("recovered") == 2, lost.stdout + lost.stderr
        for slug in ("healthy-sleep", "flu-shots-2026"):
            [status] = statuses_linking(takahe, f"{stage.site.url}articles/{slug}/")
            assert status["media_attachments"] and status["media_attachments"][0]["description"]
    finally:
        stage.stop()
