"""The outreach API: followups (being built)."""

from ninja import Router

router = Router(tags=["followups"])
