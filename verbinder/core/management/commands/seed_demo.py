"""`verbinder seed_demo --scale N`: deterministic Dutch demo data and one demo login per role.

Standard output holds only the demo logins, one per line (role, e-mail, organisation, tab-separated),
so that scripts can read them; progress goes to standard error.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from verbinder.core.demo import DEFAULT_PASSWORD, demo_exists, demo_logins, demo_seed


class Command(BaseCommand):
    help = "Load deterministic Dutch demo data and print the demo logins (for development and benchmarks)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="1 is one route with about 40 organisations; 100 is national scale."
        )
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="The password of every demo login.")
        parser.add_argument(
            "--force", action="store_true", help="Create the demo logins even when DEBUG is off (throwaway databases)."
        )
        parser.add_argument(
            "--once", action="store_true", help="When demo data exists already, only print the demo logins."
        )

    def handle(self, *args: Any, scale: int, password: str, force: bool, once: bool, **options: Any) -> None:
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if demo_exists():
            if not once:
                raise CommandError(
                    "This database already holds demo data. Use --once to print the demo logins, "
                    "or seed an empty database."
                )
            self._progress("Demo data is already loaded.")
        else:
            if not settings.DEBUG and not force:
                raise CommandError(
                    "Refusing to create demo logins while DEBUG is off: they share a published password. "
                    "Run with DEBUG=true, or add --force on a throwaway database."
                )
            started = time.monotonic()
            self._progress(f"Seeding demo data at scale {scale}")
            demo_seed(scale=scale, password=password, progress=self._progress)
            self._progress(f"Demo data loaded in {time.monotonic() - started:.1f} s")
        for login in demo_logins():
            self.stdout.write(login.line)

    def _progress(self, message: str) -> None:
        self.stderr.write(message, style_func=lambda text: text)
