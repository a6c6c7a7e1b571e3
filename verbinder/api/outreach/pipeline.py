"""The outreach API: pipeline (being built)."""

from ninja import Router

router = Router(tags=["pipeline"])
