"""Outreach pages. Each views module owns its URL patterns; this module only gathers them."""

from verbinder.outreach.views import activities, followups, growth, interactions, pipeline

app_name = "outreach"
urlpatterns = [
    *pipeline.urlpatterns,
    *interactions.urlpatterns,
    *followups.urlpatterns,
    *activities.urlpatterns,
    *growth.urlpatterns,
]
