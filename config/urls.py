from django.contrib import admin
from django.urls import include, path

from verbinder.api.urls import api
from verbinder.core.views import healthz

admin.site.site_header = "Verbinder"
admin.site.site_title = "Verbinder"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("verbinder.accounts.urls")),
    path("api/v1/", api.urls),
    path("portal/", include("verbinder.portal.urls")),
    path("", include("verbinder.partners.urls")),
    path("", include("verbinder.core.urls")),
]
