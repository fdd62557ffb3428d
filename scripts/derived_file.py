"""The shared command line of the scripts that derive a committed data file from a package's data
(build_places.py, build_medicines.py): write the file, or with --check say whether it is current."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def write_or_check(argv: list[str] | None, script: str, out: Path, render: Callable[[], str], noun: str) -> int:
    """`script` is the calling script's __file__: its docstring is the help, its name goes in the message."""
    description = Path(script).read_text(encoding="utf-8").split('"""')[1]
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            print(f"{out} is out of date: run scripts/{Path(script).name}", file=sys.stderr)
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({text.count(chr(10)) - 2} {noun})")
    return 0
