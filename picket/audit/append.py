"""The append itself: lock the head, insert the event, move the head — three statements, written as SQL.

This is the one hot path of the audit log (every view of an identity writes an event), and the ORM's
query building cost more than the database work: on the 2-core CI machine the three statements took about
1.3 ms on PostgreSQL through the ORM and 0.5 ms as SQL, before the commit (see docs/benchmarks.md).
The SQL is generated from the models' metadata and every value is adapted by its model field, exactly as
the ORM would store it.
Reads, the verify walk and the pages use the ORM as usual.
"""

from __future__ import annotations

from functools import cache

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field

from picket.audit.chain import GENESIS_HASH, event_hash
from picket.audit.models import HEAD_ID, AuditChainHead, AuditEvent


@cache
def _statements(alias: str, vendor: str) -> tuple[str, str, str, tuple[Field, ...]]:
    connection = connections[alias]
    quote = connection.ops.quote_name
    head = quote(AuditChainHead._meta.db_table)
    lock = f" {connection.ops.for_update_sql()}" if connection.features.has_select_for_update else ""
    # SQLite has no row locks: its IMMEDIATE transactions (settings) already hold the write lock.
    # Only quoted identifiers from the models' metadata are formatted in; every value is a parameter.
    last_sequence, last_hash, head_id = quote("last_sequence"), quote("last_hash"), quote("id")
    select_head = f"SELECT {last_sequence}, {last_hash} FROM {head} WHERE {head_id} = %s{lock}"  # noqa: S608
    update_head = f"UPDATE {head} SET {last_sequence} = %s, {last_hash} = %s WHERE {head_id} = %s"  # noqa: S608
    fields = tuple(AuditEvent._meta.concrete_fields)
    columns = ", ".join(quote(str(field.column)) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    insert_event = f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    return select_head, insert_event, update_head, fields


def _head(connection: BaseDatabaseWrapper, select_head: str) -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(select_head, [HEAD_ID])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0]), str(row[1])
    # The first event ever (or after a test flush): create the head, tolerating a concurrent creator.
    AuditChainHead.objects.using(connection.alias).get_or_create(
        pk=HEAD_ID, defaults={"last_sequence": 0, "last_hash": GENESIS_HASH}
    )
    with connection.cursor() as cursor:
        cursor.execute(select_head, [HEAD_ID])
        row = cursor.fetchone()
    return int(row[0]), str(row[1])


def database_alias() -> str:
    return router.db_for_write(AuditEvent) or "default"


def append(event: AuditEvent, *, key: bytes, alias: str) -> AuditEvent:
    """Give ``event`` the next sequence and its hash, and store it. Call inside a transaction on ``alias``."""
    connection = connections[alias]
    select_head, insert_event, update_head, fields = _statements(alias, connection.vendor)
    last_sequence, last_hash = _head(connection, select_head)
    event.sequence, event.previous_hash = last_sequence + 1, last_hash
    event.hash = event_hash(key, event.hashed_values())
    parameters = [field.get_db_prep_save(getattr(event, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(insert_event, parameters)
        cursor.execute(update_head, [event.sequence, event.hash, HEAD_ID])
    event._state.adding, event._state.db = False, alias
    return event
