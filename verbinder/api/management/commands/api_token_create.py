"""`verbinder api_token_create --email … --name …`: issue an API token and print it (once)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from verbinder.accounts.models import User
from verbinder.api.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it. Only a hash is stored: "
        "the token cannot be shown again, so keep it somewhere safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="E-mail address of the user the token acts as.")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'CRM sync'.")
        parser.add_argument("--expires-days", type=int, default=None, help="Days until the token expires.")

    def handle(self, *args: Any, email: str, name: str, expires_days: int | None, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with e-mail address {email}.")
        if not user.is_active:
            raise CommandError(f"The user {email} is not active.")
        name = name.strip()
        if not name or len(name) > 100:
            raise CommandError("Give the token a name of 1 to 100 characters.")
        if expires_days is not None and not 1 <= expires_days <= 3650:
            raise CommandError("--expires-days must be between 1 and 3650.")
        expires_at = timezone.now() + timedelta(days=expires_days) if expires_days else None
        token, secret = api_token_create(user=user, name=name, by=None, expires_at=expires_at)
        self.stderr.write(f"Token {token} for {user.email}; it is shown once and cannot be retrieved later:")
        self.stdout.write(secret)
