"""The outreach API: pipeline stages, contact moments, follow-ups and outreach activities."""

from ninja import Router

from verbinder.api.outreach import activities, followups, interactions, pipeline

router = Router()
router.add_router("", pipeline.router)
router.add_router("", interactions.router)
router.add_router("", followups.router)
router.add_router("", activities.router)
