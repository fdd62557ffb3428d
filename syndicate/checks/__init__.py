"""Clinical safety checks: PHI (HIPAA Safe Harbor identifiers), individual medical advice,
photos that may show patients, image alt text and reading level. Offline, rule-based."""
from .allowlist import AllowList
from .findings import RULES, Finding, blocks_publication
from .jsonl import check_jsonl
from .readability import readability
from .scan import scan_image, scan_text

__all__ = ["AllowList", "Finding", "RULES", "blocks_publication", "check_jsonl", "load_tables", "readability", "scan_image",
           "scan_text"]


def load_tables() -> None:
    """Read every table the checks load on first use (word lists, gazetteers, the learned model, the pronouncing
    dictionary) now: a process about to fork workers reads them once, and the workers inherit them."""
    from .gazetteers import census_first_names, medicines, us_places
    from .learned import load_model
    from .readability import dictionary_lines
    from .wordlist import zipf_table
    for load in (zipf_table, medicines, us_places, census_first_names, load_model, dictionary_lines):
        load()
