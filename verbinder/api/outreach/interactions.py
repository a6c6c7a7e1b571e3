"""The outreach API: interactions (being built)."""

from ninja import Router

router = Router(tags=["interactions"])
