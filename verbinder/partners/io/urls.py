from django.http import Http404
from django.urls import path


def _pending(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


urlpatterns = [
    path("organisations/export.<str:fmt>", _pending, name="organisation-export"),
    path("imports/new/", _pending, name="import-create"),
]
