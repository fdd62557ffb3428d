"""Recognizer families. Each module exposes functions (doc, allow) -> Iterable[Finding]."""
