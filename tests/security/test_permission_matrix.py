"""The permission matrix (SECURITY promise 1): every named URL x every persona, exact status per cell.

Rows live in tests/security/matrix/<area>.py (``ROWS: list[Row]``). This module
- walks every URL pattern of the project and fails on a URL name without a row (apart from the framework
  URLs in EXCLUDED, which are tested elsewhere), on a row without an expectation for every persona, and on a
  row whose URL no longer exists;
- requests every row as every persona and compares the status with the row's expectation;
- probes every 2xx GET body for text of another tenant (tests/security/markers.py);
- checks that anonymous visitors are sent to the login page.

Each row gets one world; every persona's request runs in a savepoint that is rolled back, so a POST by one
persona (archive, delete) does not change what the next persona finds.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.security.matrix as matrix_package
from tests.conftest import PERSONAS, World
from tests.security.markers import leaks_in
from tests.security.matrix.base import Row

# Framework URLs that have no rows here, each tested by its own suite. A name is only excluded when its
# view really comes from the framework package, so a project URL cannot hide behind one of these prefixes.
EXCLUDED: dict[str, tuple[tuple[str, ...], str]] = {
    "admin:": (("django.",), "tests/security/test_admin_access.py: only superusers reach the admin"),
    "account_": (("allauth.",), "tests/accounts/: login, login codes, reset, rate limits, sessions"),
    "mfa_": (("allauth.",), "tests/accounts/test_mfa.py: TOTP, recovery codes, staff MFA"),
}
# Static files are served by WhiteNoise middleware, not by a URL pattern, so they never show up here.


@dataclass(frozen=True)
class UrlEntry:
    name: str | None
    namespace: str
    pattern: str
    view_module: str

    @property
    def full_name(self) -> str:
        if self.name is None:
            return f"{self.namespace}:<unnamed {self.pattern}>" if self.namespace else f"<unnamed {self.pattern}>"
        return f"{self.namespace}:{self.name}" if self.namespace else self.name


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> Iterator[UrlEntry]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield UrlEntry(entry.name, namespace, prefix + str(entry.pattern), _view_module(entry.callback))


def _view_module(callback: Any) -> str:
    """The module that defines a view: a class-based view's class, else the innermost wrapped function."""
    while True:
        view_class = getattr(callback, "view_class", None)
        if view_class is not None:
            return str(view_class.__module__)
        wrapped = getattr(callback, "__wrapped__", None)
        if wrapped is None:
            return str(getattr(callback, "__module__", "") or "")
        callback = wrapped


def project_routes() -> list[UrlEntry]:
    return list(_walk(get_resolver()))


def exclusion_for(route: UrlEntry) -> str | None:
    """Why a URL has no row, or None when it needs one."""
    for prefix, (packages, reason) in EXCLUDED.items():
        if route.full_name.startswith(prefix) and route.view_module.startswith(packages):
            return reason
    return None


def collect_rows() -> list[tuple[str, Row]]:
    rows: list[tuple[str, Row]] = []
    for info in pkgutil.iter_modules(matrix_package.__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{matrix_package.__name__}.{info.name}")
        module_rows = getattr(module, "ROWS", None)
        if module_rows is None:
            raise AssertionError(f"tests/security/matrix/{info.name}.py defines no ROWS: list[Row]")
        rows += [(info.name, row) for row in module_rows]
    return rows


ROWS = collect_rows()


def test_every_url_name_has_a_row() -> None:
    covered = {row.name for _, row in ROWS}
    missing = sorted(
        {route.full_name for route in project_routes() if exclusion_for(route) is None} - covered,
    )
    assert not missing, (
        "These URLs have no row in the permission matrix (tests/security/matrix/<area>.py):\n  "
        + "\n  ".join(missing)
        + "\nAdd a Row(name, expect={persona: status for every persona in tests.conftest.PERSONAS}) for each,"
        " with one row for an object in the persona's reach and one outside it."
    )


def test_unnamed_urls_are_only_in_the_framework() -> None:
    unnamed = [r.full_name for r in project_routes() if r.name is None and exclusion_for(r) is None]
    assert not unnamed, f"Give these URL patterns a name, so that the matrix can test them: {unnamed}"


def test_every_row_names_an_existing_url() -> None:
    names = {route.full_name for route in project_routes()}
    stale = sorted({f"{module}.py: {row.name}" for module, row in ROWS if row.name not in names})
    assert not stale, f"These rows name URLs that do not exist (any more): {stale}"


def test_every_row_has_an_expectation_for_every_persona() -> None:
    problems = []
    for module, row in ROWS:
        missing = [p for p in PERSONAS if p not in row.expect]
        unknown = [p for p in row.expect if p not in PERSONAS]
        if missing or unknown:
            problems.append(f"{module}.py {row.id}: missing {missing}, unknown {unknown}")
        if row.method not in {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}:
            problems.append(f"{module}.py {row.id}: unknown method {row.method}")
        if row.method == "GET" and row.data is not None:
            problems.append(f"{module}.py {row.id}: a GET row has no body; put parameters in query")
    assert not problems, "Incomplete matrix rows:\n  " + "\n  ".join(problems)


def test_row_ids_are_unique() -> None:
    seen: dict[str, str] = {}
    duplicates = []
    for module, row in ROWS:
        if row.id in seen:
            duplicates.append(f"{row.id} ({seen[row.id]}.py and {module}.py): add a label")
        seen[row.id] = module
    assert not duplicates, duplicates


def _send(client: Client, row: Row, url: str, data: dict[str, Any] | None) -> Any:
    if row.method == "GET":
        return client.get(url)
    if row.method == "POST":
        return client.post(url, data or {})
    return client.generic(
        row.method, url, urlencode(data or {}, doseq=True), content_type="application/x-www-form-urlencoded"
    )


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # JSON escapes non-ASCII; compare the text as a person would read it.
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


@pytest.mark.parametrize("row", [row for _, row in ROWS], ids=[row.id for _, row in ROWS])
def test_permission_matrix(row: Row, world: World) -> None:
    url = reverse(row.name, kwargs=row.kwargs(world)) + row.query
    data = row.data(world) if row.data is not None else None
    clients = {persona: world.client_for(persona) for persona in PERSONAS}
    login_url = reverse("account_login")
    got: dict[str, int] = {}
    leaks: dict[str, list[str]] = {}
    wrong_redirects: dict[str, str] = {}
    for persona in PERSONAS:
        with transaction.atomic():
            response = _send(clients[persona], row, url, data)
            body = _body(response) if row.method == "GET" and 200 <= response.status_code < 300 else ""
            transaction.set_rollback(True)
        got[persona] = response.status_code
        if body:
            found = leaks_in(body, world, persona)
            if found:
                leaks[persona] = found
        if persona == "anonymous" and row.method == "GET" and response.status_code == 302:
            location = response["Location"]
            if not location.startswith(login_url):
                wrong_redirects[persona] = location

    mismatches = {p: f"expected {row.expect.get(p)}, got {got[p]}" for p in PERSONAS if got[p] != row.expect.get(p)}
    assert not mismatches, f"{row.method} {url}: " + "; ".join(f"{p}: {m}" for p, m in mismatches.items())
    assert not leaks, f"{row.method} {url} shows another tenant's text: {leaks}"
    assert not wrong_redirects, (
        f"{row.method} {url}: anonymous is redirected elsewhere than the login: {wrong_redirects}"
    )


@pytest.mark.django_db
def test_the_leak_probe_finds_another_tenants_text(world: World) -> None:
    body = f"<p>{world.company.name}</p><p>{world.other_company.notes}</p>"

    assert leaks_in(body, world, "coordinator") == [world.other_company.notes]
    assert leaks_in(body, world, "company_contact") == [world.other_company.notes]
    assert sorted(leaks_in(body, world, "other_coordinator")) == [world.company.name]
    assert leaks_in(body, world, "admin") == []
