"""Files stay inside the project: every path content names, every link in content/ and every
image is checked the same way by `check`, `build` and `post`."""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from syndicate.article import load_article, load_articles
from syndicate.errors import InputError, SyndicateError
from syndicate.practice import load_practice
from syndicate.syndication import make_platforms, plan
from syndicate.ledger import Ledger
from syndicate.teasers import compose
from syndicate import clock

from .conftest import run_cli, VALID_FRONT, write_article

SECRET = "SECRET_TOKEN=do-not-publish-0123456789"


run = run_cli  # tests/conftest.py


def all_three_refuse(project: Path, *needles: str) -> None:
    """`check`, `build` and `post` each exit 1 naming the problem, and nothing is built."""
    for command in ("check", "build", "post"):
        result = run(project, command)
        assert result.exit_code == 1, (command, result.output)
        for needle in needles:
            assert needle in result.output, (command, needle, result.output)
        assert "Traceback" not in result.output
    site = project / "site"
    assert not site.exists() or SECRET not in "".join(
        p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def image_bytes(fmt: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


def noisy_image_bytes(fmt: str) -> bytes:
    """A picture with real scan data, so that cutting or altering it hits the pixels, not the header."""
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def without_pixels(png: bytes) -> bytes:
    """The PNG with its image data (IDAT chunks) left out: a header and an end, nothing to show."""
    out, at = bytearray(png[:8]), 8
    while at < len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        if png[at + 4:at + 8] != b"IDAT":
            out += png[at:at + 12 + length]
        at += 12 + length
    return bytes(out)


def flipped(data: bytes) -> bytes:
    middle = bytearray(data)
    middle[len(data) // 2] ^= 0xFF
    return bytes(middle)


def with_image(project: Path, name: str, data: bytes | None = None, front_extra: str = "") -> Path:
    if data is not None:
        (project / "content" / "images" / name).write_bytes(data)
    return write_article(project, "pictured.md",
                         VALID_FRONT + f"image: images/{name}\nimage_alt: A red square\n" + front_extra)


@pytest.fixture
def outside(tmp_path) -> Path:
    secret = tmp_path / "outside" / "secrets.env"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n")
    return secret


# --- paths that content names ------------------------------------------------------------

def test_image_climbing_out_of_content_is_a_located_error_everywhere(project):
    path = write_article(project, "climb.md", VALID_FRONT + "image: " + "../" * 12 + "etc/passwd\nimage_alt: x\n")
    with pytest.raises(InputError) as info:
        load_article(path, load_practice(project / "site_config.yml"))
    [problem] = info.value.problems
    assert problem.field == "image" and problem.line == 10 and "points outside content/" in problem.message
    assert "inside content/" in problem.fix
    all_three_refuse(project, "climb.md:10: [image]", "points outside content/")


def test_image_through_a_symlink_to_a_secret_is_refused_everywhere(project, outside):
    os.symlink(outside, project / "content" / "images" / "env.png")
    with_image(project, "env.png")
    all_three_refuse(project, "env.png", "outside content/")
    assert not (project / "site").exists()


def test_symlink_to_proc_self_environ_is_never_copied(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_TEST_SECRET", SECRET)
    os.symlink("/proc/self/environ", project / "content" / "images" / "environ.png")
    result = run(project, "build")
    assert result.exit_code == 1 and "environ.png" in result.output and "/proc/self/environ" in result.output
    assert not (project / "site").exists()


def test_unreferenced_link_out_of_content_is_refused(project, outside):
    os.symlink(outside, project / "content" / "policies" / "notes.txt")
    all_three_refuse(project, "content/policies/notes.txt", "outside content/", "copy the file into content/")


def test_symlinked_folder_is_refused_so_unchecked_pages_never_publish(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "story.md").write_text("---\ntitle: Story\n---\n\nMy patient Maria Alvarez called from (217) 555-0199.\n")
    os.symlink(elsewhere, project / "content" / "articles" / "more")
    all_three_refuse(project, "content/articles/more", "link to the folder", "without the safety check")
    assert not (project / "site").exists()


def test_dangling_link_and_pipe_in_content_are_refused(project):
    os.symlink(project / "content" / "images" / "gone.png", project / "content" / "images" / "dangling.png")
    os.mkfifo(project / "content" / "images" / "pipe.png")
    result = run(project, "check")
    assert result.exit_code == 1, result.output
    assert "dangling.png" in result.output and "does not exist" in result.output
    assert "pipe.png" in result.output and "not a regular file" in result.output


def test_body_image_outside_content_is_located_on_its_line(project):
    path = write_article(project, "body.md", VALID_FRONT,
                         "First line.\n\nSecond paragraph.\n\n![A chart](../../../site_config.png)\n\n"
                         '<img src="/../../secrets.png" alt="x">\n\n![Fine](../images/flu-clinic.png)\n')
    with pytest.raises(InputError) as info:
        load_article(path, load_practice(project / "site_config.yml"))
    located = [(p.line, p.field) for p in info.value.problems]
    body_start = 12  # after the front matter of VALID_FRONT and one blank line
    assert located == [(body_start + 4, "body"), (body_start + 6, "body")]
    assert all("points outside content/" in p.message for p in info.value.problems)


def test_image_path_is_normalised_so_the_built_file_is_the_one_uploaded(project):
    path = write_article(project, "norm.md", VALID_FRONT + "image: ./images/../images/flu-clinic.png\nimage_alt: A nurse\n")
    article = load_article(path, load_practice(project / "site_config.yml"))
    assert article.image == "images/flu-clinic.png"


def test_post_uploads_only_files_inside_the_built_site(project, outside):
    practice = load_practice(project / "site_config.yml")
    assert run(project, "build").exit_code == 0
    articles = load_articles(practice)
    flu = next(a for a in articles if a.slug == "flu-shots-2026")
    mastodon = make_platforms(practice, ["mastodon"])["mastodon"]
    teaser = compose(flu, mastodon, practice, practice.site_dir)
    assert Path(teaser.image_path) == (practice.site_dir / "images" / "flu-clinic.png").resolve()
    # Someone swaps the built image for a link to a secret after the build.
    built = practice.site_dir / "images" / "flu-clinic.png"
    built.unlink()
    os.symlink(outside, built)
    with pytest.raises(SyndicateError) as info:
        compose(flu, mastodon, practice, practice.site_dir)
    assert "flu-shots-2026.md" in str(info.value) and "outside the built site" in str(info.value)
    [item] = [i for i in plan(practice, articles, {"mastodon": mastodon}, Ledger.load(practice.ledger_path), clock.now())
              if i.article.slug == "flu-shots-2026"]
    assert item.teaser is None and "link or not a file" in item.error


# --- images ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, why", [
    ("notes.png", b"just some text, not a picture\n", "is not a PNG, JPEG, WebP or GIF image"),
    ("photo.png", image_bytes("JPEG"), "named .png but holds a JPEG image"),
    ("blank.jpg", b"", "the image file is empty"),
    ("cut.png", image_bytes("PNG", (300, 300))[:200], "damaged and cannot be decoded"),
    # A JPEG is decoded at 1/8 scale (images.py): a cut one must still fail, as an altered PNG does.
    ("altered.png", flipped(noisy_image_bytes("PNG")), "damaged and cannot be decoded"),
    ("no-pixels.png", without_pixels(image_bytes("PNG")), "damaged and cannot be decoded"),  # crashed PNG verify()
    ("cut.jpg", noisy_image_bytes("JPEG")[:-2000], "damaged and cannot be decoded"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG images are refused"),
    ("wide.png", image_bytes("PNG", (10_001, 1)), "10001x1 pixels"),
    ("scan.bmp", image_bytes("BMP"), "'.bmp' is not an image type"),
    ("doc.txt", b"hello", "is not an image type the site publishes"),
])
def test_image_must_be_a_real_image_of_an_allowed_type(project, name, data, why):
    path = with_image(project, name, data)
    with pytest.raises(InputError) as info:
        load_article(path, load_practice(project / "site_config.yml"))
    assert any(p.field == "image" and why in p.message for p in info.value.problems), info.value
    all_three_refuse(project, why)


def test_a_phone_cameras_multi_picture_jpeg_is_a_jpeg(project):
    # Pillow calls it MPO; it used to end the run as a bug (KeyError), and browsers show its first picture.
    buffer = io.BytesIO()
    first, second = Image.effect_noise((64, 48), 40).convert("RGB"), Image.new("RGB", (64, 48), (10, 200, 10))
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    path = with_image(project, "stereo.jpg", buffer.getvalue())
    assert load_article(path, load_practice(project / "site_config.yml")).image == "images/stereo.jpg"
    assert run(project, "check", "content/articles/pictured.md").exit_code == 0


def test_oversized_image_is_refused_before_decoding(project):
    big = project / "content" / "images" / "huge.jpg"
    with open(big, "wb") as f:
        f.write(image_bytes("JPEG"))
        f.truncate(21 * 1024 * 1024)
    result = run(project, "check")
    assert result.exit_code == 1 and "huge.jpg" in result.output and "over the 20 MB limit" in result.output


def test_a_bad_image_anywhere_in_content_is_refused_even_unreferenced(project):
    (project / "content" / "images" / "evil.svg").write_text('<svg onload="alert(1)"/>')
    result = run(project, "build")
    assert result.exit_code == 1 and "content/images/evil.svg" in result.output and "SVG" in result.output
    assert not (project / "site").exists()


@pytest.mark.parametrize("name, fmt", [("square.png", "PNG"), ("square.jpeg", "JPEG"), ("square.webp", "WEBP"),
                                       ("square.gif", "GIF")])
def test_allowed_images_pass(project, name, fmt):
    path = with_image(project, name, image_bytes(fmt))
    assert load_article(path, load_practice(project / "site_config.yml")).image == f"images/{name}"


def test_links_planted_in_the_card_cache_are_never_copied_into_the_site(project, outside):
    """.cache/ is ignored by git, but a commit can still add it: a cached card that is a link to a
    secret must be redrawn, not copied into the public site."""
    assert run(project, "build").exit_code == 0
    cards = sorted((project / ".cache" / "cards").glob("*.jpg"))
    assert cards
    for card in cards:
        card.unlink()
        os.symlink(outside, card)
    result = run(project, "build", "--site-dir", "fresh")
    assert result.exit_code == 0, result.output
    built = sorted((project / "fresh" / "assets" / "cards").glob("*.jpg"))
    assert len(built) >= len(cards)
    for card in built:
        assert SECRET.encode() not in card.read_bytes()
        with Image.open(card) as image:
            assert image.format == "JPEG" and image.size == (1200, 630)


def test_reference_style_body_image_is_checked_too(project):
    path = write_article(project, "refs.md", VALID_FRONT,
                         "Intro.\n\n![A chart][chart] and ![Flu clinic][ok]\n\n"
                         "[chart]: ../../../secrets.png\n[ok]: ../images/flu-clinic.png\n")
    with pytest.raises(InputError) as info:
        load_article(path, load_practice(project / "site_config.yml"))
    [problem] = info.value.problems
    assert (problem.line, problem.field) == (14, "body") and "'../../../secrets.png' points outside content/" in problem.message


# Holes an adversarial review of this change found (each passed `check` and `build` before the fix).

@pytest.mark.parametrize("name", ["letter.html", "articles/page.htm", "a.xhtml", "feed.xml", "evil.js", "evil.mjs"])
def test_files_a_browser_would_run_are_refused(project, name):
    (project / "content" / name).write_text(f"<html><body><script>document.title='{SECRET}'</script></body></html>\n")
    all_three_refuse(project, name.split("/")[-1], "would be copied to the site as it is", "write the page in Markdown")


def test_a_hard_link_to_a_file_outside_content_is_refused(project, outside):
    os.link(outside, project / "content" / "images" / "env.txt")
    all_three_refuse(project, "env.txt", "hard link")


def test_a_content_folder_that_is_a_link_is_refused(project, tmp_path):
    shutil.move(project / "content", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", project / "content")
    (tmp_path / "elsewhere" / "secret.txt").write_text(SECRET + "\n")
    result = run(project, "build")
    assert result.exit_code == 1 and "content folder is a link" in result.output, result.output
    assert not (project / "site").exists()


@pytest.mark.parametrize("where", ["front", "body"])
def test_an_encoded_nul_in_an_image_path_is_a_located_error_not_a_traceback(project, where):
    if where == "front":
        write_article(project, "nul.md", VALID_FRONT + "image: images/flu-clinic.png%00.txt\nimage_alt: A clinic.\n")
    else:
        write_article(project, "nul.md", VALID_FRONT, "![A clinic](../images/x%00.png)\n")
    for command in ("check", "build"):
        result = run(project, command)
        assert result.exit_code == 1, (command, result.output)
        assert "nul.md" in result.output and "control character" in result.output, result.output


def test_control_characters_in_a_page_body_are_located_errors(project):
    with (project / "content" / "about.md").open("a", encoding="utf-8") as about:
        about.write("\nBad \x00 nul \x1b[2J.\n")
    for command in ("check", "build"):
        result = run(project, command)
        assert result.exit_code == 1, (command, result.output)
        assert "about.md" in result.output and "control character" in result.output
        assert "\x1b" not in result.output and "\x00" not in result.output
    assert not (project / "site").exists()


def test_a_text_file_too_large_to_be_a_page_is_refused_before_it_is_scanned(project):
    (project / "content" / "huge.md").write_text("# Huge\n\n" + "Wash your hands often. " * 120_000)
    result = run(project, "check")
    assert result.exit_code == 1 and "huge.md" in result.output and "at most 2 MB" in result.output, result.output


def test_a_link_that_leads_to_itself_is_named_not_a_crash(project):
    # Python 3.11's Path.resolve raises RuntimeError (not OSError) on a loop; git can store such a link.
    (project / "content/images/self.png").symlink_to("self.png")
    for command in ("check", "build"):
        result = run(project, command)
        assert result.exit_code == 1, (command, result.output)
        assert "leads back to itself" in result.output and "bug in syndicate" not in result.output


def test_an_article_removed_after_loading_is_reported_not_a_crash(project):
    from syndicate.gate import check_articles
    practice = load_practice(project / "site_config.yml")
    articles = load_articles(practice)
    articles[0].path.unlink()  # an editor saving by rename, while `serve` checks
    with pytest.raises(InputError, match="removed or renamed while it was being checked"):
        check_articles(articles, practice, clock.now())


def test_a_folder_removed_during_the_walk_is_passed_over(tmp_path, monkeypatch):
    from syndicate import paths
    (tmp_path / "a").mkdir()
    (tmp_path / "a/x.md").write_text("x")
    (tmp_path / "gone").mkdir()
    real_walk = os.walk

    def walk_that_loses_a_folder(root, *args, **kwargs):
        for dirpath, dirnames, filenames in real_walk(root, *args, **kwargs):
            if (tmp_path / "gone").exists():
                (tmp_path / "gone").rmdir()  # removed after it was listed, before it is entered
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(paths.os, "walk", walk_that_loses_a_folder)
    assert sorted(paths.everything_under(tmp_path)) == [tmp_path / "a", tmp_path / "a/x.md", tmp_path / "gone"]
