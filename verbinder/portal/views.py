from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from verbinder.partners.selectors import user_organisations


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """An external user's start page: the organisations where they have a role."""
    organisations = list(user_organisations(user=request.user))
    return render(request, "portal/home.html", {"organisations": organisations})
