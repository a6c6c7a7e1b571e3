"""The pages the benchmark loads, and the SQL queries each one runs, as JSON on standard output.

Runs against the benchmark database with the server's settings, as the same demo coordinator that the
load test logs in. Each page is requested once to warm the process (as a busy gunicorn worker is) and
then counted twice: as repeated (its cached part reused) and after a change of data (the part rendered). The SQL
of the rendering request goes to bench-results/sql/<page>.sql for EXPLAIN.

Usage: python bench/queries.py LOGINS_TSV SQL_DIR
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

SEARCH_TERM = "jansen"  # a common family name: matches company names and contact persons


def bench_user_email(logins_tsv: Path) -> str:
    """The national coordinator (every route) when there is one, otherwise the route coordinator."""
    coordinators = [
        line.split("\t")[1] for line in logins_tsv.read_text().splitlines() if line.startswith("coordinator\t")
    ]
    national = [email for email in coordinators if email.startswith("landelijk.")]
    return (national or coordinators)[0]


def pages(user: Any) -> list[dict[str, Any]]:
    from django.db.models import Count
    from django.urls import reverse

    from verbinder.agreements.models import Agreement, MatrixTask
    from verbinder.core.demo import login_email
    from verbinder.partners.models import Organisation, Route
    from verbinder.partners.selectors import user_organisations
    from verbinder.placements.models import Placement

    contact = type(user).objects.get(email=login_email("contactpersoon"))
    company = user_organisations(user=contact).get()
    busiest_pk, related = (
        Organisation.objects.visible_to(user)
        .annotate(related=Count("incoming_relationships", distinct=True) + Count("affiliations", distinct=True))
        .order_by("-related", "pk")
        .values_list("pk", "related")[0]
    )
    organisation_list = reverse("partners:organisation-list")
    board_route_pk, board_size = (
        Route.objects.visible_to(user)
        .annotate(size=Count("partnerships"))
        .order_by("-size", "pk")
        .values_list("pk", "size")[0]
    )
    timeline_pk, moments = (
        Organisation.objects.visible_to(user)
        .annotate(moments=Count("interactions"))
        .order_by("-moments", "pk")
        .values_list("pk", "moments")[0]
    )
    placements_route_pk, placements_count = (
        Route.objects.visible_to(user)
        .annotate(size=Count("placements"))
        .order_by("-size", "pk")
        .values_list("pk", "size")[0]
    )
    placement_pk, events = (
        Placement.objects.visible_to(user)
        .filter(is_shared=True)
        .annotate(event_count=Count("events"))
        .order_by("-event_count", "pk")
        .values_list("pk", "event_count")[0]
    )
    agreements_count = Agreement.objects.visible_to(user).count()
    agreement_pk, agreement_events = (
        Agreement.objects.visible_to(user)
        .filter(placement__is_shared=True)
        .annotate(event_count=Count("events"))
        .order_by("-event_count", "pk")
        .values_list("pk", "event_count")[0]
    )
    matrix_route_pk, matrix_tasks = (
        MatrixTask.objects.values("route_id")
        .annotate(tasks=Count("pk"))
        .order_by("-tasks", "route_id")
        .values_list("route_id", "tasks")[0]
    )
    return [
        {"key": "trivial", "label": "Trivial view, anonymous (/healthz)", "path": reverse("healthz"), "auth": False},
        {
            "key": "trivial_session",
            "label": "Trivial view, logged in (/healthz)",
            "path": reverse("healthz"),
            "auth": True,
        },
        {"key": "list", "label": "Organisation list", "path": organisation_list, "auth": True},
        {
            "key": "search",
            "label": f"Organisation list, search “{SEARCH_TERM}”",
            "path": f"{organisation_list}?q={SEARCH_TERM}",
            "auth": True,
        },
        {
            "key": "organisation",
            "label": "Organisation page (SME company)",
            "path": reverse("partners:organisation-detail", args=[company.pk]),
            "auth": True,
        },
        {
            "key": "busiest",
            "label": f"Organisation page (busiest: {related} relations and people)",
            "path": reverse("partners:organisation-detail", args=[busiest_pk]),
            "auth": True,
        },
        {
            "key": "board",
            "label": f"Pipeline board (largest route: {board_size} organisations)",
            "path": reverse("outreach:board", args=[board_route_pk]),
            "auth": True,
        },
        {
            "key": "timeline",
            "label": f"Contact moments of an organisation (most: {moments})",
            "path": reverse("outreach:organisation-contact", args=[timeline_pk]),
            "auth": True,
        },
        {
            "key": "placements",
            "label": f"Placement list (a route with {placements_count} placements)",
            "path": f"{reverse('placements:placement-list')}?route={placements_route_pk}",
            "auth": True,
        },
        {
            "key": "placement",
            "label": f"Placement page (shared, {events} events)",
            "path": reverse("placements:placement-detail", args=[placement_pk]),
            "auth": True,
        },
        {
            "key": "agreements",
            "label": f"Agreements board (all routes: {agreements_count} agreements)",
            "path": reverse("agreements:board"),
            "auth": True,
        },
        {
            "key": "agreement",
            "label": f"Agreement page (shared placement, {agreement_events} events)",
            "path": reverse("agreements:agreement-detail", args=[agreement_pk]),
            "auth": True,
        },
        {
            "key": "matrix",
            "label": f"Responsibility matrix of a route ({matrix_tasks} tasks, editable)",
            "path": reverse("agreements:matrix", args=[matrix_route_pk]),
            "auth": True,
        },
    ]


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    logins_tsv, sql_dir = Path(sys.argv[1]), Path(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from verbinder.accounts.models import User
    from verbinder.core.parts import data_changed
    from verbinder.partners.models import Organisation, Person, Route

    email = bench_user_email(logins_tsv)
    user = User.objects.get(email=email)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    logged_in = Client(HTTP_HOST="127.0.0.1")
    logged_in.force_login(user)
    sql_dir.mkdir(parents=True, exist_ok=True)
    result = pages(user)
    for page in result:
        client = logged_in if page["auth"] else anonymous
        client.get(page["path"])
        with CaptureQueriesContext(connection) as reused:
            response = client.get(page["path"])
        data_changed()
        with CaptureQueriesContext(connection) as rendered:
            response = client.get(page["path"])
        if response.status_code != 200:
            raise SystemExit(f"{page['path']} answered {response.status_code} to {email}, not 200.")
        page["queries"] = len(reused.captured_queries)
        page["queries_rendered"] = len(rendered.captured_queries)
        page["sql"] = str(sql_dir / f"{page['key']}.sql")
        Path(page["sql"]).write_text(
            "".join(f"-- {query['time']} s\n{query['sql']};\n\n" for query in rendered.captured_queries)
        )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    meta = {
        "user": email,
        "login_path": reverse("account_login"),
        "database": f"PostgreSQL {server_version}",
        "routes": Route.objects.count(),
        "organisations": Organisation.objects.count(),
        "visible_organisations": Organisation.objects.visible_to(user).filter(archived_at__isnull=True).count(),
        "people": Person.objects.count(),
    }
    json.dump({"meta": meta, "pages": result}, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
