"""Agreement pages. Each views module owns its URL patterns; this module only gathers them."""

from verbinder.agreements.views import agreements, matrix, signing, templates, verification

app_name = "agreements"
urlpatterns = [
    *templates.urlpatterns,
    *matrix.urlpatterns,
    *signing.urlpatterns,
    *verification.urlpatterns,
    *agreements.urlpatterns,
]
