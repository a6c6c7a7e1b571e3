"""The verification page is public: every persona, logged in or not, may open it and upload a file (an upload
without a file shows the form again). It reveals nothing without a matching PDF."""

from __future__ import annotations

from tests.security.matrix.base import Row, statuses

EVERYONE = statuses(200)

ROWS: list[Row] = [
    Row("agreements:verify", EVERYONE),
    Row("agreements:verify", EVERYONE, method="POST", data=lambda w: {}, label="no file"),
]
