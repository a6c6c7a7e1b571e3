"""The outreach API: activities (being built)."""

from ninja import Router

router = Router(tags=["activities"])
