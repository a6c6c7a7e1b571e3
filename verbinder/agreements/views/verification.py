"""The public verification page: anyone uploads a PDF and learns whether it is exactly a document of an agreement
(the PDF to sign or the signed PDF, by SHA-256). The file is hashed and discarded; nothing is stored.

Abuse is bounded: the upload handler keeps at most the upload limit on disk, the form checks size and magic bytes,
and each IP address may verify a limited number of files per hour (the shared database cache), after which the
page answers 429.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from verbinder.agreements.forms.verification import VerifyForm
from verbinder.agreements.selectors import verification as selectors
from verbinder.spreadsheets.uploads import LimitedUploadHandler

RATE_LIMIT = 30  # files per IP address per window
RATE_WINDOW = 60 * 60  # seconds


def _rate_exceeded(request: HttpRequest) -> bool:
    """Counts this attempt for the client's address in the current window; True when its allowance is used up.
    (The database cache's incr() would reset the expiry to the default timeout: the window is in the key.)"""
    window = int(time.time() // RATE_WINDOW)
    key = f"agreements:verify:{request.META.get('REMOTE_ADDR') or '-'}:{window}"
    used = int(cache.get(key, 0)) + 1
    cache.set(key, used, RATE_WINDOW)
    return used > RATE_LIMIT


@never_cache
@require_http_methods(["GET", "POST"])
@csrf_exempt  # checked below, once the upload handler is in place (it must be set before the body is read)
def verify(request: HttpRequest) -> HttpResponse:
    request.upload_handlers = [LimitedUploadHandler(request, limit=settings.VERBINDER_MAX_UPLOAD_BYTES)]
    return _verify(request)


@csrf_protect
def _verify(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"checked": False, "result": None}
    if request.method == "POST":
        if _rate_exceeded(request):
            context["form"] = VerifyForm()
            context["limited"] = _("You have checked many files in a short time. Try again in an hour.")
            return render(request, "agreements/verify.html", context, status=429)
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            sha256 = selectors.file_sha256(upload)
            upload.close()
            context.update(checked=True, sha256=sha256, result=selectors.agreement_verify(sha256=sha256))
            form = VerifyForm()
    else:
        form = VerifyForm()
    context["form"] = form
    return render(request, "agreements/verify.html", context)


urlpatterns: list[URLPattern] = [
    path("verify/", verify, name="verify"),
]
