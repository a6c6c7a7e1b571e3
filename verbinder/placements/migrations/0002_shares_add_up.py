"""The hosts' shares add up to the placement's working time, in the database itself.

A check across rows is not a CHECK constraint. On PostgreSQL a deferred constraint trigger checks, at commit,
that a placement that has not ended has one or two current hosts whose shares add up exactly. SQLite has no
deferred triggers, so there a trigger refuses any statement after which the current shares exceed the
working time (services reduce a share before they add one); the rest is checked by the services.
"""

from django.db import migrations

POSTGRESQL_FORWARD = """
CREATE OR REPLACE FUNCTION placements_check_shares() RETURNS trigger AS $$
DECLARE
    pid bigint;
    total numeric;
    placement_status text;
    host_count integer;
    share_sum numeric;
BEGIN
    IF TG_TABLE_NAME = 'placements_placement' THEN
        pid := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        pid := OLD.placement_id;
    ELSE
        pid := NEW.placement_id;
    END IF;
    SELECT working_per_week, status INTO total, placement_status FROM placements_placement WHERE id = pid;
    IF NOT FOUND OR placement_status = 'ended' THEN
        RETURN NULL;
    END IF;
    SELECT count(*), coalesce(sum(share), 0) INTO host_count, share_sum
        FROM placements_placementhost WHERE placement_id = pid AND is_current;
    IF host_count < 1 OR host_count > 2 THEN
        RAISE EXCEPTION 'placement % has % current hosts; it must have one or two', pid, host_count
            USING ERRCODE = 'check_violation', CONSTRAINT = 'placement_one_or_two_hosts';
    END IF;
    IF share_sum <> total THEN
        RAISE EXCEPTION 'the shares of placement % add up to %, not to its working time %', pid, share_sum, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'placement_shares_add_up';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER placementhost_shares_add_up
    AFTER INSERT OR UPDATE OR DELETE ON placements_placementhost
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION placements_check_shares();
CREATE CONSTRAINT TRIGGER placement_shares_add_up
    AFTER INSERT OR UPDATE ON placements_placement
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION placements_check_shares();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS placement_shares_add_up ON placements_placement;
DROP TRIGGER IF EXISTS placementhost_shares_add_up ON placements_placementhost;
DROP FUNCTION IF EXISTS placements_check_shares();
"""

_EXCEEDS = """
SELECT RAISE(ABORT, 'placement_shares_add_up: the current shares exceed the working time')
WHERE (SELECT coalesce(sum(share), 0) FROM placements_placementhost
       WHERE placement_id = {pid} AND is_current)
    > (SELECT working_per_week FROM placements_placement WHERE id = {pid} AND status != 'ended');
"""

SQLITE_FORWARD = [
    f"CREATE TRIGGER placementhost_shares_insert AFTER INSERT ON placements_placementhost "
    f"BEGIN {_EXCEEDS.format(pid='NEW.placement_id')} END;",
    f"CREATE TRIGGER placementhost_shares_update AFTER UPDATE ON placements_placementhost "
    f"BEGIN {_EXCEEDS.format(pid='NEW.placement_id')} END;",
    f"CREATE TRIGGER placement_shares_update AFTER UPDATE ON placements_placement "
    f"BEGIN {_EXCEEDS.format(pid='NEW.id')} END;",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS placementhost_shares_insert;",
    "DROP TRIGGER IF EXISTS placementhost_shares_update;",
    "DROP TRIGGER IF EXISTS placement_shares_update;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
