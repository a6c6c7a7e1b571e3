"""The project's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals: table partners_organisation")


urlpatterns = [path("e2e-failure/", fail), *project_urlpatterns]
