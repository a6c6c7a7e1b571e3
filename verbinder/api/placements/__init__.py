"""The placements API at /api/v1/placements/: learning workplaces, students, proposed matches, and placements
with their events."""

from ninja import Router

from verbinder.api.placements import changes, matches, placements, students, workplaces

router = Router()
router.add_router("", workplaces.router)
router.add_router("", students.router)
router.add_router("", matches.router)
# Last: "/placements/{placement_id}" after the fixed paths (ids are integers, so either order works).
router.add_router("", placements.router)
router.add_router("", changes.router)
