"""Placement pages. Each views module owns its URL patterns; this module only gathers them."""

from verbinder.placements.views import matching, placements, students, workplaces

app_name = "placements"
urlpatterns = [
    *workplaces.urlpatterns,
    *students.urlpatterns,
    *matching.urlpatterns,
    *placements.urlpatterns,
]
