"""Drop and recreate the benchmark's own PostgreSQL database; print its URL.

Usage: python bench/database.py DATABASE_URL [NAME]. The database in DATABASE_URL is only used to find the
server and the credentials: the benchmark works in NAME (default verbinder_bench), which must contain
"bench" so that this script can never drop a database that holds real data.
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
from psycopg import sql

DEFAULT_NAME = "verbinder_bench"


def recreate(url: str, name: str) -> str:
    if "bench" not in name or not name.replace("_", "").isalnum():
        raise SystemExit(f"Refusing to recreate {name!r}: a benchmark database name contains 'bench'.")
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL to a postgres:// URL, or unset it.")
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=int(config["PORT"] or 5432),
        user=config["USER"],
        password=config["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    print(recreate(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else DEFAULT_NAME))


if __name__ == "__main__":
    main()
