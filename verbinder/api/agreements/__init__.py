"""The agreements API at /api/v1/agreements/: agreement templates (read), tripartite agreements with their
signatures, and the routes' responsibility matrices."""

from ninja import Router

from verbinder.api.agreements import actions, agreements, matrix, templates

# actions adds its operations to agreements.router (imported for that).
__all__ = ["actions", "router"]

router = Router()
# The fixed paths (/agreements/templates, /agreements/matrix) before "/agreements/{agreement_id}" (ids are
# integers, so either order works).
router.add_router("", templates.router)
router.add_router("", matrix.router)
router.add_router("", agreements.router)
