from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from verbinder.accounts.services import user_set_follow_up_digest, user_set_language
from verbinder.core.http import require_staff


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the account and in a cookie."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)  # type: ignore[arg-type]
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite="Lax",
        )
    return response


class NotificationsForm(forms.Form):
    follow_up_digest = forms.BooleanField(
        label=_("Follow-up e-mail"),
        required=False,
        help_text=_("On working-day mornings when follow-ups of yours are due or overdue, one e-mail that lists them."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The e-mail a colleague of the hogeschool gets from Verbinder, and turning it on or off."""
    require_staff(request)
    user = request.user
    if request.method == "POST":
        form = NotificationsForm(request.POST)
        if form.is_valid():
            enabled = form.cleaned_data["follow_up_digest"]
            user_set_follow_up_digest(user=user, enabled=enabled)  # type: ignore[arg-type]
            messages.success(
                request,
                gettext("You will get the follow-up e-mail.")
                if enabled
                else gettext("You will no longer get the follow-up e-mail."),
            )
            return redirect("accounts:notifications")
    else:
        form = NotificationsForm(initial={"follow_up_digest": user.follow_up_digest})  # type: ignore[union-attr]
    return render(request, "accounts/notifications.html", {"form": form})
