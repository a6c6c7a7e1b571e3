"""Load each page with wrk as a logged-in coordinator and report the figures against the issue's targets.

Usage: python bench/measure.py BASE_URL PAGES_JSON REPORT_MD
(PAGES_JSON comes from bench/queries.py; the server at BASE_URL serves the same database.)
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

# The issues' figures for the organisation list and page (issue 2), the pipeline board and contact moments (3), the
# placement list and a placement's page (4), the agreements board, an agreement's page and a responsibility matrix (5).
P95_LIMIT_MS = 100.0
RATIO_FLOOR = 0.25
QUERY_LIMIT = 12
TARGET_PAGES = (
    "list", "search", "organisation", "board", "timeline", "placements", "placement", "agreements", "agreement",
    "matrix",
)  # fmt: skip

THREADS = os.environ.get("BENCH_THREADS", "2")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
DURATION = os.environ.get("BENCH_DURATION", "10s")
WARMUP = os.environ.get("BENCH_WARMUP", "2s")
PASSWORD = os.environ.get("BENCH_PASSWORD", "verbinder-demo")
SUMMARY_SCRIPT = Path(__file__).with_name("summary.lua")


@dataclass(frozen=True)
class Run:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int


class Server:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80

    def request(
        self, method: str, path: str, *, cookie: str = "", body: str | None = None
    ) -> tuple[int, dict[str, str], str]:
        """One request, without following redirects; returns status, cookies set, and body."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        cookies: dict[str, str] = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(header)
            cookies.update({name: morsel.value for name, morsel in parsed.items()})
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, cookies, text

    def login(self, *, login_path: str, email: str, password: str) -> str:
        """Log in through the login form, as a browser does; returns the Cookie header of the session.

        The cookies are Secure (DEBUG is off), so they are carried by hand over this plain-HTTP loopback.
        """
        status, cookies, page = self.request("GET", login_path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match or "csrftoken" not in cookies:
            raise SystemExit(f"The login page answered {status} without a CSRF token.")
        form = urlencode({"login": email, "password": password, "csrfmiddlewaretoken": match.group(1)})
        status, cookies_after, _ = self.request(
            "POST", login_path, cookie=f"csrftoken={cookies['csrftoken']}", body=form
        )
        if status != 302 or "sessionid" not in cookies_after:
            raise SystemExit(f"Logging in as {email} failed (status {status}).")
        csrf = cookies_after.get("csrftoken", cookies["csrftoken"])
        return f"sessionid={cookies_after['sessionid']}; csrftoken={csrf}"


def wrk(url: str, *, cookie: str, duration: str) -> Run:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", "-s", str(SUMMARY_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    line = next((line for line in output.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no summary for {url}:\n{output}")
    values = {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}
    return Run(
        requests_per_second=values["requests"] / (values["duration_us"] / 1_000_000),
        p50_ms=values["p50_us"] / 1000,
        p95_ms=values["p95_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        requests=values["requests"],
        errors=values["errors"] + values["non_2xx_3xx"],
    )


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else model
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, {platform.platform()}"


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def queries(page: dict[str, Any]) -> str:
    """Queries of a repeated request and of one after a change of data, once when they are the same."""
    if page["queries"] == page["queries_rendered"]:
        return str(page["queries"])
    return f"{page['queries']} / {page['queries_rendered']}"


def load_average() -> str:
    loadavg = Path("/proc/loadavg")
    return loadavg.read_text().split()[0] if loadavg.exists() else "?"


def report(
    meta: dict[str, Any], pages: list[dict[str, Any]], runs: dict[str, Run], load: tuple[str, str]
) -> tuple[str, list[str]]:
    trivial = runs["trivial_session"].requests_per_second
    anonymous = runs["trivial"].requests_per_second
    rows = [["page", "requests/s", "p50 ms", "p95 ms", "p99 ms", "vs trivial", "vs anonymous", "queries", "errors"]]
    missed: list[str] = []
    for page in pages:
        run = runs[page["key"]]
        ratio = run.requests_per_second / trivial
        rows.append(
            [
                page["label"],
                f"{run.requests_per_second:.0f}",
                f"{run.p50_ms:.1f}",
                f"{run.p95_ms:.1f}",
                f"{run.p99_ms:.1f}",
                f"{ratio:.0%}",
                f"{run.requests_per_second / anonymous:.0%}",
                queries(page),
                str(run.errors),
            ]
        )
        if run.errors:
            missed.append(f"{page['label']}: {run.errors} failed requests")
        if page["key"] in TARGET_PAGES:
            if run.p95_ms >= P95_LIMIT_MS:
                missed.append(f"{page['label']}: p95 {run.p95_ms:.1f} ms (target < {P95_LIMIT_MS:.0f} ms)")
            if ratio < RATIO_FLOOR:
                missed.append(f"{page['label']}: {ratio:.0%} of the trivial view (target ≥ {RATIO_FLOOR:.0%})")
            if max(page["queries"], page["queries_rendered"]) > QUERY_LIMIT:
                missed.append(f"{page['label']}: {queries(page)} queries (target ≤ {QUERY_LIMIT})")
    paths = "\n".join(f"- {page['label']}: `{page['path']}`" for page in pages)
    verdict = "\n".join(f"- MISSED {line}" for line in missed) or (
        f"- All figures reached: p95 < {P95_LIMIT_MS:.0f} ms, ≥ {RATIO_FLOOR:.0%} of the trivial view's "
        f"requests/s, ≤ {QUERY_LIMIT} queries (organisation list, with and without search, organisation page, "
        "pipeline board, contact moments, placement list, placement page, agreements board, agreement page, "
        "responsibility matrix)."
    )
    parts = (
        "on; wrk repeats each request, so the pages reuse their part"
        if os.environ.get("BENCH_PARTS", "on") != "off"
        else "off (BENCH_PARTS=off): every request renders the whole page, as the first view after a change does"
    )
    text = f"""# Verbinder benchmark ({datetime.now().astimezone():%Y-%m-%d %H:%M %Z})

- Machine: {machine()}
- Data: `seed_demo --scale {meta["routes"]}`: {meta["organisations"]} organisations, {meta["people"]} people,
  {meta["routes"]} routes; {meta["database"]}
- Server: gunicorn, {os.environ.get("BENCH_WORKERS", "2")} sync workers, DEBUG off, on 127.0.0.1
- Load: `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} --latency` after a {WARMUP} warm-up per page; logged in as
  {meta["user"]} (sees {meta["visible_organisations"]} organisations) with a session cookie from the login form.
- "vs trivial" compares with /healthz (one SELECT 1) requested with the same session cookie, so through the same
  middleware, session and user loading as the pages; "vs anonymous" with /healthz without a cookie.
- Load average (1 min) of the machine before and after: {load[0]} and {load[1]}; other work on the machine
  lowers every figure.
- Cached page parts (verbinder.core.parts): {parts}.
- Queries: per request of a warm process (Django test client with CaptureQueriesContext, same database, same
  user), "repeated / after a change": with the page's cached part reused, and with it rendered after a change of
  data; the SQL of the latter is in bench-results/sql/.

{table(rows)}

Pages:
{paths}

Figures (organisation list, organisation page, pipeline board, contact moments, placement list, placement page):
{verdict}
"""
    return text, missed


def main() -> None:
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    base_url, pages_json, report_md = sys.argv[1:]
    data = json.loads(Path(pages_json).read_text())
    meta, pages = data["meta"], data["pages"]
    server = Server(base_url)
    cookie = server.login(login_path=meta["login_path"], email=meta["user"], password=PASSWORD)
    for page in pages:
        status, _, _ = server.request("GET", page["path"], cookie=cookie if page["auth"] else "")
        if status != 200:
            raise SystemExit(f"{page['path']} answered {status}, not 200: is the session valid?")
    runs: dict[str, Run] = {}
    load_before = load_average()
    for page in pages:
        url = f"{base_url}{page['path']}"
        page_cookie = cookie if page["auth"] else ""
        print(f"Loading {page['label']} ({DURATION})", file=sys.stderr)
        wrk(url, cookie=page_cookie, duration=WARMUP)
        runs[page["key"]] = wrk(url, cookie=page_cookie, duration=DURATION)
    text, missed = report(meta, pages, runs, (load_before, load_average()))
    Path(report_md).parent.mkdir(parents=True, exist_ok=True)
    Path(report_md).write_text(text)
    print(text)
    if missed and os.environ.get("BENCH_STRICT", "").lower() in {"1", "true", "yes"}:
        sys.exit(1)


if __name__ == "__main__":
    main()
