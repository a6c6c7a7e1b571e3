"""The partner registry's API: routes, organisations, people (with affiliations) and relationships."""

from ninja import Router

from verbinder.api.partners import organisations, people, relationships, routes

router = Router()
router.add_router("", routes.router)
router.add_router("", organisations.router)
router.add_router("", people.router)
router.add_router("", relationships.router)
