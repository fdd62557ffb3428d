"""The site folder: which folders a build may replace, the marker that says a folder is ours,
and the permissions a web server running as another user needs.

A build replaces its whole output folder, so a wrong `--site-dir` (or `site_dir:`) would
delete whatever was there. The build therefore refuses folders that hold the project, the
content or the user's files, and replaces a non-empty folder only when the marker it wrote
last time lists every file in it.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import EXIT_USAGE, InputError, Problem

MARKER = ".syndicate-site"
_MARKER_HEADER = "# Built by syndicate: `syndicate build` replaces this folder. Files it built:\n"
DIR_MODE, FILE_MODE = 0o755, 0o644  # readable by a web server running as another user


class SiteDirError(InputError):
    """The output folder is one the build must not replace: wrong usage (exit 2), not bad content."""

    exit_code = EXIT_USAGE


def refuse_site_dir(target: Path, *, root: Path, docs_dir: Path, config_path: Path, source: str) -> None:
    """Raises SiteDirError when replacing `target` could delete something the build did not make.

    `source` says where the folder came from ("--site-dir" or "site_dir in site_config.yml"),
    so the message points at what to change.
    """
    target = Path(os.path.abspath(target)).resolve()
    root, docs = root.resolve(), docs_dir.resolve()
    config_dir = config_path.resolve().parent
    try:
        why = _why_not(target, root, docs, config_dir)
    except OSError as exc:  # a name longer than the system allows, a folder we may not read
        why = f"cannot be used: {exc.strerror or exc}"
    if why:
        raise SiteDirError([Problem(
            config_path if source != "--site-dir" else "--site-dir", None, "site_dir", f"the site folder {target} {why}",
            f"choose an empty or new folder for {source}, e.g. 'site' beside site_config.yml; "
            f"if it is an old build you no longer need, delete it yourself first")])


def _why_not(target: Path, root: Path, docs: Path, config_dir: Path) -> str | None:
    """Why the build must not replace `target`, or None."""
    home = Path.home().resolve()
    if target == root:
        return "is the project folder: building there would delete the project, .git included"
    if target == docs or target.is_relative_to(docs):
        return f"is {'' if target == docs else 'inside '}the content folder ({docs}): building there would delete articles"
    if config_dir.is_relative_to(target) or docs.is_relative_to(target):
        return "holds the project: building there would delete the project with everything beside it"
    if target == home or home.is_relative_to(target):
        return "is your home folder or holds it"
    if target.exists() and not target.is_dir():
        return "is a file, not a folder"
    if target.is_dir():
        foreign = _foreign_files(target)
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            return (f"holds files syndicate did not build ({shown})" if (target / MARKER).is_file()
                    else f"is not empty and was not built by syndicate (no {MARKER} marker; it holds {shown})")
    return None


def _foreign_files(folder: Path) -> list[str]:
    """Files in `folder` that its marker does not list (all of them when there is no marker)."""
    built = _listed(folder / MARKER)
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath).relative_to(folder)
        # A link to a folder is not walked into, but it is something we did not build.
        for name in [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))] + filenames:
            rel = (base / name).as_posix()
            if rel != MARKER and rel not in built:
                found.append(rel)
        if len(found) > 50:
            break
    return sorted(found)


def _listed(marker: Path) -> set[str]:
    try:
        text = marker.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    if not text.startswith(_MARKER_HEADER):
        return set()
    return set(text[len(_MARKER_HEADER):].splitlines())


def finish(folder: Path) -> None:
    """Makes a freshly built folder world-readable (0755 folders, 0644 files) and marks it as ours,
    listing every file, so the next build can tell it replaces only what it made."""
    files = []
    os.chmod(folder, DIR_MODE)  # mkdtemp made it 0700
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath).relative_to(folder)
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), DIR_MODE)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), FILE_MODE)
            files.append((base / name).as_posix())
    marker = folder / MARKER
    marker.write_text(_MARKER_HEADER + "".join(f"{f}\n" for f in sorted(files)), encoding="utf-8")
    os.chmod(marker, FILE_MODE)
