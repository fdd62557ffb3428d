"""The edge of the project: every path content names stays inside content/.

MkDocs copies every file under content/ to the public site, following symbolic links, and
`post` uploads an article's image. So a link in content/ to a file outside it (a key, the
process environment, .git/config) would be published, and a link to a folder would publish
pages the safety check never read. These rules refuse both, before anything is built or sent:

- no symbolic link in content/ may point outside it, and none may point to a folder;
- nothing in content/ may be a device, a pipe or a socket (copying a pipe never ends);
- every file named like an image must be a real, publishable image (syndicate/images.py);
- an article's `image:` and the images its body shows must be image files inside content/,
  named by a path that stays inside content/ after every '..' and every link.

`syndicate check`, `build` and `post` all load articles through these rules, so they agree.
"""
from __future__ import annotations

import os
import re
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from . import cores
from .errors import Problem
from .images import FIX_TYPE, image_problem, looks_like_image

# The images an article body shows: Markdown's ![alt](src "title") and HTML's <img src=...>.
# Files a browser would run as script, copied by MkDocs as they are: no sanitiser, no
# Content-Security-Policy, and a .js file counts as the site's own 'self' script.
RUNNABLE_SUFFIXES = frozenset(".html .htm .xhtml .xht .xml .js .mjs".split())
# No patient-education page is this long; a larger text file is a mistake, and scanning it
# would hold up `check` for minutes.
MAX_TEXT_BYTES = 2 * 1024 * 1024
_TEXT_SUFFIXES = frozenset(".md .markdown .mdown .mkdn .mkd .txt .text .csv .tsv .json .css .yml .yaml".split())

_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_HTML_IMAGE_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))", re.IGNORECASE)
# Reference-style images, ![alt][id], ![alt][] and ![alt], take their path from a definition line.
_REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\](?:\[(?P<id>[^\]]*)\])?(?![(:])")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<id>[^\]]+)\]:\s*<?(?P<src>[^\s>]+)>?", re.MULTILINE)


def content_tree_problems(docs_dir: Path) -> list[Problem]:
    """Everything in content/ that must not be published: outside links, folder links, special
    files and files that only pretend to be images."""
    docs = docs_dir.resolve()
    problems: list[Problem] = []
    pictures: list[Path] = []
    if docs_dir.is_symlink():
        problems.append(Problem(docs_dir, None, None,
                                f"the content folder is a link to {os.readlink(docs_dir)}; everything there would be "
                                "published from outside the project",
                                "move that folder into the project as content/ itself, then delete the link"))
        return problems
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        for name in sorted(dirnames):
            path = Path(dirpath, name)
            if path.is_symlink():
                problems.append(Problem(path, None, None,
                                        f"this is a link to the folder {os.readlink(path)}; its pages and files would be "
                                        "published without the safety check",
                                        "move the folder itself into content/ (or copy it), then delete the link"))
        dirnames[:] = [d for d in dirnames if not Path(dirpath, d).is_symlink()]  # os.walk would not follow them anyway
        for name in sorted(filenames):
            path = Path(dirpath, name)
            problem = _file_problem(path, docs)
            if problem:
                problems.append(problem)
            elif looks_like_image(path) and not name.startswith("."):  # MkDocs leaves dot files out
                pictures.append(path)
    # Decoding is most of the cost (about 6 ms for a 1200x630 PNG) and Pillow decodes without the GIL.
    with ThreadPoolExecutor(max_workers=cores.threads()) as pool:
        verdicts = list(pool.map(lambda p: image_problem(p.resolve()), pictures))
    problems += [Problem(path, None, None, *why) for path, why in zip(pictures, verdicts) if why]
    return problems


def everything_under(root: Path) -> list[Path]:
    """Every file and folder under root, like root.rglob("*") (a link to a folder is listed, not entered), except
    that a folder removed while the walk runs (an editor's temporary folder, during `serve`) is passed over
    instead of stopping the command."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        found.extend(Path(dirpath, name) for name in dirnames)
        found.extend(Path(dirpath, name) for name in filenames)
    return found


def is_regular_file(path: Path) -> bool:
    """True for a plain file, or a link to one, judged without opening it (lstat, then stat for a
    link): opening a pipe blocks until someone writes to it, so `check` would hang on a FIFO named
    like an article. content_tree_problems names such a file; readers skip it."""
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode)


def _file_problem(path: Path, docs: Path) -> Problem | None:
    if path.is_symlink():
        target = os.readlink(path)
        try:
            resolved = path.resolve()
        except RuntimeError:  # Python 3.11 raises this, not OSError, for a link that leads back to itself
            return Problem(path, None, None, f"this is a link to {target}, which leads back to itself (a loop)",
                           "delete the link, or point it at a file inside content/")
        if not resolved.is_relative_to(docs):
            return Problem(path, None, None, f"this is a link to {target}, outside content/; the build would publish "
                                             "that file", "copy the file into content/ instead of linking to it, or delete the link")
        if not resolved.exists():
            return Problem(path, None, None, f"this is a link to {target}, which does not exist",
                           "delete the link, or point it at a file inside content/")
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return Problem(path, None, None, f"this file cannot be read ({exc.strerror})", "fix its permissions or delete it")
    if not stat.S_ISREG(mode):
        return Problem(path, None, None, "this is not a regular file (a pipe, socket or device); it cannot be published",
                       "delete it from content/")
    if path.lstat().st_nlink > 1:  # git never makes one; the other name may be a file outside content/
        return Problem(path, None, None, "this file is a hard link: the same file also has another name, possibly "
                                         "outside content/, and would be published from there",
                       "replace it with a plain copy (cp --remove-destination SOURCE THIS-FILE) or delete it")
    suffix = path.suffix.lower()
    if suffix in RUNNABLE_SUFFIXES and not path.name.startswith("."):
        return Problem(path, None, None, f"a {suffix} file would be copied to the site as it is, where a browser runs "
                                         "any script in it, outside the sanitiser and the Content-Security-Policy",
                       "write the page in Markdown (a .md file) instead, or delete this file")
    if suffix in _TEXT_SUFFIXES and path.stat().st_size > MAX_TEXT_BYTES:
        return Problem(path, None, None, f"this file is {path.stat().st_size // (1024 * 1024)} MB; text files in "
                                         f"content/ may be at most {MAX_TEXT_BYTES // (1024 * 1024)} MB",
                       "split it into several pages, or move data that is not for patients out of content/")
    return None


def content_image(name: str, docs_dir: Path, base: Path) -> tuple[str | None, tuple[str, str] | None]:
    """Where an image that content names lives, as a path relative to content/ with no '..'.

    `base` is the folder a relative name is read from (content/ for `image:`, the article's
    folder for its body); a name starting with '/' is read from content/. Returns
    (relative path, None), or (None, (what is wrong, how to fix it))."""
    parts = urlsplit(name)
    if parts.scheme or parts.netloc:
        return None, (f"'{name}' is not a file in content/", "use a path to an image file inside content/, "
                                                              "e.g. images/flu-clinic.png")
    wanted = unquote(parts.path)
    if not wanted:
        return None, ("the image path is empty", "write the path of an image file inside content/")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in wanted):  # '%00' decodes to a NUL no file name can hold
        return None, (f"'{name}' holds a control character (such as %00) that no file name can have",
                      "write the plain path of an image file inside content/, e.g. images/flu-clinic.png")
    docs = Path(os.path.abspath(docs_dir))
    start = docs if wanted.startswith("/") else Path(os.path.abspath(base))
    lexical = Path(os.path.normpath(start / wanted.lstrip("/")))
    if not lexical.is_relative_to(docs):
        return None, (f"'{name}' points outside content/",
                      "put the image inside content/ (e.g. content/images/) and name it from there, without '../' "
                      "climbing out")
    relative = PurePosixPath(lexical.relative_to(docs).as_posix())
    resolved = lexical.resolve()
    if not resolved.is_relative_to(docs.resolve()):
        return None, (f"'{name}' is a link to a file outside content/",
                      "copy the image into content/ instead of linking to it")
    if not resolved.is_file():
        return None, (f"the image '{name}' does not exist in content/",
                      "check the spelling and the path (relative to content/ for 'image:', to the article for the body)")
    if not looks_like_image(relative):
        return None, (f"'{name}' is not an image type the site publishes", FIX_TYPE)
    problem = image_problem(resolved)
    return (None, problem) if problem else (relative.as_posix(), None)


def body_image_problems(path: Path, body: str, body_line: int, docs_dir: Path) -> list[Problem]:
    """A problem for each local image the article body shows that is not a publishable image inside content/."""
    problems = []
    found = [(m.start(), m.group("src")) for m in _MARKDOWN_IMAGE.finditer(body)]
    definitions = {m.group("id").strip().lower(): m.group("src") for m in _DEFINITION.finditer(body)}
    for m in _REFERENCE_IMAGE.finditer(body):
        label = (m.group("id") or m.group("alt")).strip().lower()
        if label in definitions:
            found.append((m.start(), definitions[label]))
    found += [(m.start(), m.group("dq") or m.group("sq") or m.group("bare") or "") for m in _HTML_IMAGE_SRC.finditer(body)]
    for offset, src in sorted(found):
        parts = urlsplit(src)
        if parts.scheme in ("http", "https") or parts.netloc:
            continue  # a picture on another site is not a file of this project
        _, why = content_image(src, docs_dir, path.parent)
        if why:
            problems.append(Problem(path, body_line + body.count("\n", 0, offset), "body", *why))
    return problems


def ledger_problem(root: Path, name: str) -> tuple[str, str] | None:
    """Why the ledger `name` (site_config.yml's `ledger:`) may not be used, and the fix; None if it may.

    CI commits the ledger, and `post`, `retract` and `ledger mark` write it: a path out of the
    project, or a link (git stores links, so a pull request can add one), would have syndicate
    read a file from elsewhere into the committed ledger, or write outside the project.
    """
    fix = "write a file name inside the project, such as ledger.yml (the default)"
    relative = PurePosixPath(name.replace("\\", "/"))
    if not name.strip() or relative.is_absolute() or ".." in relative.parts or re.match(r"^[A-Za-z]:", name):
        return f"'{name}' is outside the project: the ledger must be a file in the project", fix
    here = root
    for part in relative.parts:
        here = here / part
        if here.is_symlink():
            shown = here.relative_to(root)
            return (f"'{shown}' is a symbolic link to {os.readlink(here)}: syndicate would read and write the "
                    "ledger through it, possibly outside the project",
                    f"delete the link (git rm {shown}) and restore the project's own ledger from git "
                    f"(git log -- {shown} shows its history)")
    if not (root / relative).resolve().is_relative_to(root.resolve()):
        return f"'{name}' leads outside the project", fix
    return None
