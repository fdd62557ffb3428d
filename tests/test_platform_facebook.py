"""The Facebook Page client against its contract fake."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
import requests

from syndicate.platforms import PlatformError, Teaser, platform_class
from syndicate.platforms.facebook import FacebookPage
from tests.fakes.facebook import FakeFacebook
from tests.fakes.server import module_fixtures

TOKEN = "fb-page-token-0123456789"
PAGE = "1111"
LINK = "https://practice.example/blog/flu-shots/?utm_source=facebook&utm_medium=social&utm_campaign=flu-shots"


server, fake = module_fixtures(lambda: FakeFacebook(tokens={TOKEN: PAGE}))


def client(fake, token=TOKEN, **options):
    return FacebookPage({"page_id": PAGE, "api_base": f"{fake.url}/v25.0", **options},
                        env={"FACEBOOK_PAGE_ACCESS_TOKEN": token})


def teaser(text="Flu shots are in for all ages. #FluShots"):
    return Teaser(slug="flu-shots", platform="facebook", text=text, link=LINK, title="Flu shots are here",
                  description="Who should get one.", image_url="https://practice.example/img/flu.png",
                  image_path=None, image_alt="A nurse giving a flu shot", length=len(text), limit=63206)


def test_registry_finds_the_class():
    assert platform_class("facebook") is FacebookPage


def test_link_post_sends_message_and_link_and_no_token_in_urls(fake):
    posted = client(fake).post(teaser(), "k")
    assert list(fake.posts) == [posted.id]
    assert fake.posts[posted.id]["message"] == teaser().text and fake.posts[posted.id]["link"] == LINK
    page, _, story = posted.id.partition("_")
    assert posted.url == f"https://www.facebook.com/{page}/posts/{story}"
    assert all(TOKEN not in r.path and "access_token" not in r.query for r in fake.requests)


def test_photo_mode_posts_the_image_with_alt_text_and_the_link_in_the_caption(fake):
    c = client(fake, photo=True)
    assert c.link_in_text is True and client(fake).link_in_text is False
    text = f"Flu shots are in.\n\n{LINK}"  # compose puts the link in the text in photo mode
    posted = c.post(teaser(text), "k")
    [photo] = fake.photos.values()
    assert photo["url"] == "https://practice.example/img/flu.png"
    assert photo["alt_text_custom"] == "A nurse giving a flu shot"
    assert photo["post_id"] == posted.id and posted.extra["photo_id"] == photo["id"]
    assert fake.posts[posted.id]["message"] == text
    assert c.find(teaser(text), "k").id == posted.id


def test_find_by_link_attachment_or_bare_article_url(fake):
    c = client(fake)
    assert c.find(teaser(), "k") is None
    posted = c.post(teaser(), "k")
    found = c.find(teaser(), "k")
    assert found.id == posted.id and found.url.startswith("https://www.facebook.com/")
    fake.posts.clear()
    fake.posts["1111_5"] = {"id": "1111_5", "page": PAGE, "message": "Read https://practice.example/blog/flu-shots/ now",
                            "link": None}
    c.forget()  # posts made elsewhere show in the next run's listing
    assert c.find(teaser(), "k").id == "1111_5"
    fake.posts["1111_5"]["message"] = "Read https://practice.example/blog/flu-shots/more now"
    c.forget()
    assert c.find(teaser(), "k") is None


def test_delete_removes_the_post(fake):
    c = client(fake)
    posted = c.post(teaser(), "k")
    c.delete(posted)
    assert not fake.posts


def test_bad_token_names_the_env_var_and_never_shows_the_token(fake, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "EAAG-wrong-page-token-987654"
    with pytest.raises(PlatformError) as err:
        client(fake, token=secret).post(teaser(), "k")
    assert err.value.env_var == "FACEBOOK_PAGE_ACCESS_TOKEN" and "code 190" in str(err.value)
    assert "FACEBOOK_PAGE_ACCESS_TOKEN" in str(err.value)
    assert secret not in str(err.value) and secret not in caplog.text
    assert not fake.posts


def test_401_also_names_the_env_var(fake):
    fake.fail_next(401)
    with pytest.raises(PlatformError, match="FACEBOOK_PAGE_ACCESS_TOKEN"):
        client(fake).find(teaser(), "k")


def test_graph_throttling_is_retryable_and_not_an_auth_problem():
    # Graph throttles with HTTP 400 and code 4/17/32/613 (guides/error-handling).
    response = requests.Response()
    response.status_code = 400
    response._content = b'{"error": {"message": "(#4) Application request limit reached", "code": 4}}'
    err = FacebookPage({"page_id": PAGE}, env={}).fail(response, "publishing the post")
    assert err.retryable and err.env_var is None


@pytest.mark.parametrize("status", [503, 429])
def test_reads_are_retried_after_retry_after(fake, status):
    c = client(fake)
    posted = c.post(teaser(), "k")
    fake.fail_next(status, 1, retry_after="1", path_prefix=f"/v25.0/{PAGE}/published_posts")
    assert c.find(teaser(), "k").id == posted.id


def test_a_failed_publish_is_not_repeated(fake):
    fake.fail_next(503, 1)
    with pytest.raises(PlatformError) as err:
        client(fake).post(teaser(), "k")
    assert err.value.retryable
    assert len(fake.requests) == 1 and not fake.posts


def test_count_and_limit():
    c = FacebookPage({"page_id": PAGE}, env={})
    assert c.limit == 63206 and c.count("Flu shots") == 9


def test_graph_throttling_defers_until_meta_says_access_returns():
    """A rate limit past the run's budget: the platform is deferred to the time Meta names."""
    response = requests.Response()
    response.status_code = 400
    response._content = b'{"error": {"message": "(#32) Page request limit reached", "code": 32}}'
    response.headers["X-Business-Use-Case-Usage"] = (
        '{"1111": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]}')
    err = FacebookPage({"page_id": PAGE}, env={}).fail(response, "publishing the post")
    assert err.deferred and not err.uncertain
    minutes = (err.retry_at - datetime.now(timezone.utc)).total_seconds() / 60
    assert 6 < minutes <= 7


def test_the_default_graph_version_is_one_graph_still_serves_for_a_year():
    from datetime import date

    from syndicate.platforms import versions
    default = FacebookPage({"page_id": PAGE}, env={})
    [(api, version)] = default.pinned_versions().items()
    assert api == versions.GRAPH and version != "v21.0"
    assert default.base_url == f"https://graph.facebook.com/{version}"
    assert versions.sunset(api, version).on >= date(2027, 11, 27)


def test_check_credentials_reads_the_page_and_the_earliest_expiry(fake):
    info = client(fake).check_credentials()
    assert info.account == "Riverbend Family Clinic"
    assert {"pages_manage_posts", "pages_read_engagement"} <= info.scopes
    # The Page token itself never expires (expires_at 0); the data access does.
    assert int(info.expires_at.timestamp()) == fake.token_info[TOKEN]["data_access_expires_at"]
