"""How the fuzzer makes values for the API's custom formats. Used in-process and by the CLI
(`SCHEMATHESIS_HOOKS=tests.api.schemathesis_hooks .venv/bin/schemathesis run …`, see docs/api.md).

`phone` is a format because libphonenumber, not a pattern, knows which numbers exist: without this, the
fuzzer would send random text as "valid" phone numbers.
"""

from __future__ import annotations

import schemathesis
from hypothesis import strategies as st

VALID_PHONES = [
    "",
    "06 12345678",
    "0612345678",
    "+31 6 12345678",
    "+31612345678",
    "020 123 4567",
    "+32 2 555 12 12",
    "+49 30 901820",
    "+44 20 7946 0958",
]

schemathesis.openapi.format("phone", st.sampled_from(VALID_PHONES))
