from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from verbinder.mail.services import message_queue


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by coordinators and administrators, never by sign-up; mail goes through the outbox."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user") or self._user_for(email)
        language = getattr(user, "language", None) or translation.get_language() or "nl"
        with translation.override(language):
            ctx = {
                "email": email,
                "current_site": self._current_site(),
                "institution_name": settings.VERBINDER_INSTITUTION_NAME,
                **context,
            }
            subject = render_to_string(f"{template_prefix}_subject.txt", ctx)
            subject = self.format_email_subject(" ".join(subject.splitlines()).strip())
            body_text = render_to_string(f"{template_prefix}_message.txt", ctx).strip()
            try:
                body_html = render_to_string(f"{template_prefix}_message.html", ctx).strip()
            except TemplateDoesNotExist:
                body_html = ""
        message_queue(recipient=email, subject=subject, body_text=body_text, body_html=body_html, language=language)

    @staticmethod
    def _user_for(email: str) -> Any:
        """Login codes and some other mails carry no user in their context: find them by address."""
        from verbinder.accounts.models import User

        return User.objects.filter(email__iexact=email).first()

    def _current_site(self) -> Any:
        from django.contrib.sites.shortcuts import get_current_site

        return get_current_site(self.request)
