"""Clinical safety checks: PHI (HIPAA Safe Harbor identifiers), individual medical advice,
photos that may show patients, image alt text and reading level. Offline, rule-based."""
from .allowlist import AllowList
from .findings import RULES, Finding, blocks_publication
from .jsonl import check_jsonl
from .readability import readability
from .scan import scan_image, scan_text

__all__ = ["AllowList", "Finding", "RULES", "blocks_publication", "check_jsonl", "readability", "scan_image", "scan_text"]
