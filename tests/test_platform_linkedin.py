"""The LinkedIn client against its contract fake."""
from __future__ import annotations

import logging

import pytest

from syndicate.platforms import PlatformError, Posted, Teaser, platform_class
from syndicate.platforms.linkedin import LinkedIn, little
from tests.fakes.linkedin import CREDENTIALS, FakeLinkedIn, little_text_error
from tests.fakes.server import module_fixtures
from tests.fakes.images import PNG

TOKEN = "li-test-token-0123456789"
ORG = "urn:li:organization:123"
LINK = "https://practice.example/blog/flu-shots/?utm_source=linkedin&utm_medium=social&utm_campaign=flu-shots"


server, fake = module_fixtures(FakeLinkedIn)


def client(fake, token=TOKEN, **options):
    return LinkedIn({"organization": ORG, "api_base": fake.url, **options}, env={"LINKEDIN_ACCESS_TOKEN": token})


def teaser(image_path=None, text="Flu shots (all ages) are in. #FluShots #Vaccines"):
    return Teaser(slug="flu-shots", platform="linkedin", text=text, link=LINK, title="Flu shots are here",
                  description="Who should get one, and when.", image_url="https://practice.example/img/flu.png",
                  image_path=image_path, image_alt="A nurse giving a flu shot", length=len(text), limit=3000)


def test_registry_finds_the_class():
    assert platform_class("linkedin") is LinkedIn
    assert LinkedIn.link_in_text is False


def test_post_creates_one_article_post_with_escaped_text_and_thumbnail(fake, tmp_path):
    image = tmp_path / "flu.png"
    image.write_bytes(PNG)
    posted = client(fake).post(teaser(str(image)), "flu-shots:linkedin")
    assert list(fake.posts) == [posted.id]
    stored = fake.posts[posted.id]
    assert stored["author"] == ORG and stored["visibility"] == "PUBLIC" and stored["lifecycleState"] == "PUBLISHED"
    assert stored["commentary"] == r"Flu shots \(all ages\) are in. {hashtag|#|FluShots} {hashtag|#|Vaccines}"
    article = stored["content"]["article"]
    assert article["source"] == LINK and article["title"] == "Flu shots are here"
    assert article["description"] == "Who should get one, and when."
    assert fake.images[article["thumbnail"]]["data"] == PNG
    assert posted.url == f"https://www.linkedin.com/feed/update/{posted.id}/"
    sent = [r for r in fake.requests if r.path == "/rest/posts"][0]
    assert sent.headers["linkedin-version"] == "202607" and sent.headers["x-restli-protocol-version"] == "2.0.0"


def test_post_without_a_built_image_has_no_thumbnail(fake):
    posted = client(fake).post(teaser(image_path="/nonexistent/flu.png"), "k")
    assert "thumbnail" not in fake.posts[posted.id]["content"]["article"]
    assert not fake.images


def test_find_locates_the_post_by_utm_link_or_article_url(fake):
    c = client(fake)
    assert c.find(teaser(), "k") is None
    posted = c.post(teaser(), "k")
    assert c.find(teaser(), "k") == Posted(posted.id, posted.url)
    # A post made by hand links the bare article URL.
    fake.posts.clear()
    fake.posts["urn:li:share:1"] = {"id": "urn:li:share:1", "author": ORG, "lastModifiedAt": 1,
                                    "content": {"article": {"source": "https://practice.example/blog/flu-shots/"}}}
    c.forget()  # posts made elsewhere show in the next run's listing
    assert c.find(teaser(), "k").id == "urn:li:share:1"
    fake.posts["urn:li:share:1"]["content"]["article"]["source"] = "https://practice.example/blog/flu-shots-2/"
    c.forget()
    assert c.find(teaser(), "k") is None


def test_delete_removes_the_post_and_tolerates_already_gone(fake):
    c = client(fake)
    posted = c.post(teaser(), "k")
    c.delete(posted)
    assert not fake.posts
    c.delete(posted)  # a retried DELETE that already succeeded


def test_bad_token_names_the_env_var_and_never_shows_the_token(fake, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "li-WRONG-secret-token-987654"
    with pytest.raises(PlatformError) as err:
        client(fake, token=secret).post(teaser(), "k")
    assert err.value.status == 401 and err.value.env_var == "LINKEDIN_ACCESS_TOKEN"
    assert "LINKEDIN_ACCESS_TOKEN" in str(err.value)
    assert secret not in str(err.value) and secret not in caplog.text
    assert not fake.posts


def test_missing_token_names_the_env_var(fake):
    with pytest.raises(PlatformError, match="LINKEDIN_ACCESS_TOKEN"):
        LinkedIn({"organization": ORG, "api_base": fake.url}, env={}).find(teaser(), "k")


@pytest.mark.parametrize("status", [503, 429])
def test_reads_are_retried_after_retry_after(fake, status):
    c = client(fake)
    posted = c.post(teaser(), "k")
    fake.fail_next(status, 1, retry_after="1", path_prefix="/rest/posts")
    assert c.find(teaser(), "k").id == posted.id
    assert sum(r.method == "GET" for r in fake.requests) == 2


def test_a_failed_create_is_not_repeated(fake):
    fake.fail_next(503, 1, path_prefix="/rest/posts")
    with pytest.raises(PlatformError) as err:
        client(fake).post(teaser(), "k")
    assert err.value.retryable and err.value.status == 503
    assert sum(r.method == "POST" for r in fake.requests) == 1 and not fake.posts


def test_little_escapes_every_reserved_character_and_keeps_hashtags():
    assert little(r"a|b{c}d@e[f]g(h)i<j>k#l\m*n_o~p") == r"a\|b\{c\}d\@e\[f\]g\(h\)i\<j\>k\#l\\m\*n\_o\~p"
    assert little("#Flu and #Covid19") == "{hashtag|#|Flu} and {hashtag|#|Covid19}"
    for text in ["50% (approx) *really* ~ maybe_so #Tag", "# alone", "x\\y"]:
        assert little_text_error(little(text)) is None


def test_count_follows_the_3000_limit_conservatively():
    c = LinkedIn({"organization": ORG}, env={})
    assert c.limit == 3000
    assert c.count("Hello") == 5
    assert c.count("(a)") == 5  # escaped: \(a\)
    assert c.count("#Flu") == len("{hashtag|#|Flu}")
    assert c.count("🩺") == 2  # UTF-16 code units


def test_duplicate_post_is_read_back_as_the_post_already_there(fake):
    """LinkedIn answers a repeat with 422 DUPLICATE_POST naming the first post: that is ours."""
    c = client(fake)
    first = c.post(teaser(), "k")
    again = c.post(teaser(), "k")
    assert again.id == first.id and again.url == first.url and again.extra == {"duplicate": True}
    assert len(fake.posts) == 1


def test_the_default_version_is_not_the_one_retiring_in_may_2027():
    from datetime import date

    from syndicate.platforms import versions
    [(api, version)] = LinkedIn({"organization": "1"}, env={}).pinned_versions().items()
    assert api == versions.LINKEDIN and version != "202605"
    assert versions.sunset(api, version).on >= date(2027, 6, 1)


def test_check_credentials_reads_expiry_and_scopes_by_introspection(fake):
    introspecting = LinkedIn({"organization": ORG, "api_base": fake.url,
                              "introspect_url": f"{fake.url}/oauth/v2/introspectToken"}, env=CREDENTIALS)
    info = introspecting.check_credentials()
    assert info.scopes == {"r_organization_social", "w_organization_social"}
    assert int(info.expires_at.timestamp()) == fake.token_info[TOKEN]["expires_at"]
    without_app = client(fake).check_credentials()  # no client id and secret: works, expiry unknown
    assert without_app.expires_at is None and "LINKEDIN_CLIENT_ID" in without_app.expiry_note


def test_introspection_with_a_wrong_client_secret_names_the_app_variables(fake):
    env = {**CREDENTIALS, "LINKEDIN_CLIENT_SECRET": "wrong-secret-0000"}
    c = LinkedIn({"organization": ORG, "api_base": fake.url, "introspect_url": f"{fake.url}/oauth/v2/introspectToken"},
                 env=env)
    with pytest.raises(PlatformError) as error:
        c.check_credentials()
    assert "LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET" in str(error.value) and "wrong-secret-0000" not in str(error.value)


def test_an_expired_token_is_refused_with_the_renewal_step(fake):
    fake.token_info[TOKEN]["expires_at"] = 1
    introspecting = LinkedIn({"organization": ORG, "api_base": fake.url,
                              "introspect_url": f"{fake.url}/oauth/v2/introspectToken"}, env=CREDENTIALS)
    with pytest.raises(PlatformError) as error:
        introspecting.check_credentials()
    assert "LINKEDIN_ACCESS_TOKEN" in str(error.value) and error.value.status == 401
