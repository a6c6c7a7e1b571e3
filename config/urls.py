from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from verbinder.api.urls import api
from verbinder.core.views import healthz

admin.site.site_header = "Verbinder"
# The admin logs in through allauth, so that its rate limits and two-factor step apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_title = "Verbinder"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("verbinder.accounts.urls")),
    path("api/v1/", api.urls),
    path("portal/", include("verbinder.portal.urls")),
    path("outreach/", include("verbinder.outreach.urls")),
    path("placements/", include("verbinder.placements.urls")),
    path("agreements/", include("verbinder.agreements.urls")),
    path("", include("verbinder.partners.urls")),
    path("", include("verbinder.core.urls")),
]
