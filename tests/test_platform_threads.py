"""The Threads client against the contract fake."""
import logging
import time

import pytest

from syndicate.http import make_session
from syndicate.platforms.base import PlatformError, Posted, Teaser
from syndicate.platforms.threads import Threads
from tests.fakes.threads import FakeThreads
from tests.fakes.teasers import article_link, sample_teaser

TOKEN = "threads-test-token-0123456789"
LINK = article_link("threads")


@pytest.fixture
def fake():
    with FakeThreads() as api:
        yield api


@pytest.fixture
def teaser():
    return sample_teaser("threads", 500, image_url="https://clinic.example/assets/share/heart-health.png")


def client(fake, token=TOKEN, session=None, **options):
    return Threads({"api_base": fake.base, "poll_interval": 0.01, **options}, env={"THREADS_ACCESS_TOKEN": token},
                   session=session)


def test_by_default_a_text_post_keeps_the_link_preview(fake, teaser):
    posted = client(fake).post(teaser, "k")
    post = fake.posts[posted.id]
    assert (post["media_type"], post["text"], post["image_url"]) == ("TEXT", teaser.text, None)


def test_check_credentials_reads_expiry_and_scopes_from_debug_token(fake):
    info = client(fake).check_credentials()
    assert info.account == "@clinic"
    assert {"threads_basic", "threads_content_publish", "threads_delete"} <= info.scopes
    expected = fake.token_info[TOKEN]["expires_at"]
    assert info.expires_at is not None and int(info.expires_at.timestamp()) == expected


def test_an_expired_token_is_reported_with_the_renewal_step(fake):
    fake.token_info[TOKEN]["expires_at"] = int(time.time()) - 10
    with pytest.raises(PlatformError) as error:
        client(fake).check_credentials()
    assert "THREADS_ACCESS_TOKEN" in str(error.value) and "th_refresh_token" in str(error.value)
    assert TOKEN not in str(error.value)


def test_a_teaser_from_an_article_with_many_tags_is_accepted_with_one_topic_tag(fake, project):
    from syndicate.article import load_articles
    from syndicate.practice import load_practice
    from syndicate.teasers import compose
    practice = load_practice(project / "site_config.yml")
    article = next(a for a in load_articles(practice) if len(a.tags) > 1)
    teaser = compose(article, client(fake), practice)
    assert teaser.text.count("#") == 1
    posted = client(fake).post(teaser, "k")
    assert fake.posts[posted.id]["text"] == teaser.text


def test_post_publishes_one_image_post_with_text_and_alt(fake, teaser):
    posted = client(fake, image_mode="attach").post(teaser, "k")
    assert list(fake.posts) == [posted.id]
    post = fake.posts[posted.id]
    assert (post["media_type"], post["text"], post["image_url"], post["alt_text"]) == (
        "IMAGE", teaser.text, teaser.image_url, "A drawing of a heart")
    assert posted.url == post["permalink"]


def test_without_an_image_it_is_a_text_post_without_alt_text(fake, teaser):
    posted = client(fake).post(Teaser(**{**teaser.__dict__, "image_url": None}), "k")
    assert fake.posts[posted.id]["media_type"] == "TEXT" and not fake.posts[posted.id]["alt_text"]


def test_the_token_travels_only_as_the_documented_parameter(fake, teaser):
    client(fake).post(teaser, "k")
    for r in fake.requests:
        in_query = TOKEN in str(r.query)
        assert in_query != (r.method == "POST"), r  # POST: in the form body; GET/DELETE: in the query
        assert "authorization" not in r.headers


def test_find_and_delete(fake, teaser):
    threads = client(fake)
    assert threads.find(teaser, "k") is None
    posted = threads.post(teaser, "k")
    assert threads.find(teaser, "k") == Posted(posted.id, posted.url)
    threads.delete(posted)
    assert fake.posts == {} and threads.find(teaser, "k") is None


def test_invalid_token_names_the_env_var_and_never_shows_the_token(fake, teaser, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "threads-WRONG-token-9876543210"
    for call in (lambda t: t.post(teaser, "k"), lambda t: t.find(teaser, "k"),
                 lambda t: t.delete(Posted("18000000000000001", ""))):
        with pytest.raises(PlatformError) as error:
            call(client(fake, token=bad))
        assert "THREADS_ACCESS_TOKEN" in str(error.value) and "190" in str(error.value)
        assert bad not in str(error.value)
    assert bad not in caplog.text and fake.posts == {}


def test_a_transport_failure_does_not_leak_the_token_from_the_url(teaser, caplog):
    caplog.set_level(logging.DEBUG)
    with FakeThreads() as fake:
        base = fake.base
    # The server is gone: requests would quote the whole URL, access_token included.
    threads = Threads({"api_base": base}, env={"THREADS_ACCESS_TOKEN": TOKEN},
                      session=make_session(retries=1, backoff=0.01))
    with pytest.raises(PlatformError) as error:
        threads.find(teaser, "k")
    assert error.value.retryable
    assert TOKEN not in str(error.value) and TOKEN not in repr(error.value.__cause__) and TOKEN not in caplog.text


def test_get_is_retried_after_503_and_429(fake, teaser):
    fake.fail_next(503, retry_after="1", path_prefix="/v1.0/me/threads")
    fake.fail_next(429, retry_after="1", path_prefix="/v1.0/me/threads")
    assert client(fake).find(teaser, "k") is None
    assert [r.path for r in fake.requests].count("/v1.0/me/threads") == 3


def test_a_publish_is_never_repeated_by_the_session(fake, teaser):
    fake.fail_next(503, retry_after="1", path_prefix="/v1.0/me/threads_publish")
    with pytest.raises(PlatformError) as error:
        client(fake).post(teaser, "k")
    assert error.value.retryable and [r.path for r in fake.requests].count("/v1.0/me/threads_publish") == 1


def test_a_container_that_never_gets_ready_is_a_bounded_wait(teaser):
    with FakeThreads(processing_polls=10_000) as fake:
        threads = Threads({"api_base": fake.base, "poll_interval": 0.01, "publish_wait": 0.2},
                          env={"THREADS_ACCESS_TOKEN": TOKEN})
        with pytest.raises(PlatformError) as error:
            threads.post(teaser, "k")
    assert "not ready" in str(error.value) and fake.posts == {}


def test_over_500_is_refused_by_the_fake_as_the_count_predicts(fake, teaser):
    threads = client(fake)
    text = "😷" + "a" * 495  # 4 + 495
    assert threads.count(text) == 499
    assert threads.post(Teaser(**{**teaser.__dict__, "text": text + "b"}), "a")
    with pytest.raises(PlatformError) as error:
        threads.post(Teaser(**{**teaser.__dict__, "text": text + "bc"}), "b")
    assert error.value.status == 400


@pytest.mark.parametrize("text, length", [  # docs: posts, "Emojis are counted as the number of UTF-8 bytes"
    ("Hello", 5),
    ("café", 4),
    ("😷", 4),
    ("👨‍👩‍👧‍👦", 25),
    ("🇺🇸", 8),
    (LINK, len(LINK)),  # no link shortening on Threads
])
def test_count_matches_the_documented_rule(text, length):
    assert Threads({}, env={}).count(text) == length
