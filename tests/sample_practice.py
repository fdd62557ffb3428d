"""The built-in sample practice: the one place its details live.

The PHI corpus's allow-list cases, the scorer's default and the benchmark use it; the real
site_config.yml is expected to carry the same details for the sample site.
"""
from __future__ import annotations

from typing import Any

from syndicate.checks.allowlist import AllowList


def sample_practice() -> dict[str, Any]:
    return {
        "name": "Riverbend Family Medicine",
        "phones": ["(217) 555-0142"],
        "fax": ["(217) 555-0143"],
        "emails": ["hello@riverbend-family.example"],
        "addresses": ["1200 Riverbend Street, Suite 4, Springfield, IL 62704"],
        "clinicians": ["Ada Okafor, MD", "Marcus Lee, DO", "Priya Raman, PA-C", "Sam Whitfield, RN"],
        "domains": ["riverbend-family.example"],
    }


def sample_allow_list() -> AllowList:
    return AllowList.from_mapping(sample_practice())
