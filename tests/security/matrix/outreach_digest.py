"""Who may reach the e-mail settings page (the follow-up digest opt-out): the hogeschool's staff and admins.

External users never get the digest (it lists follow-ups, which they never see): 404, as for outreach pages.
"""

from __future__ import annotations

from tests.security.matrix.base import Row, statuses

STAFF_PAGE = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
STAFF_SAVE = statuses(404, admin=302, coordinator=302, teacher=302, other_coordinator=302, anonymous=302)

ROWS: list[Row] = [
    Row("accounts:notifications", STAFF_PAGE),
    Row("accounts:notifications", STAFF_SAVE, method="POST", data=lambda w: {"follow_up_digest": "on"}, label="on"),
    Row("accounts:notifications", STAFF_SAVE, method="POST", data=lambda w: {}, label="off"),
]
