"""Backup and restore, as docs/security.md (Backups) describes them, on whichever database runs the suite."""

import io
import shutil
import sqlite3
import subprocess

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def restored_id_numbers_sqlite(backup):
    with sqlite3.connect(backup) as restored:
        return {row[0] for row in restored.execute("SELECT id_number FROM members_member")}


def restored_id_numbers_postgresql(backup):
    params = connection.settings_dict
    target = f"{params['NAME']}_restore"[:63]
    base = ["--host", params["HOST"] or "127.0.0.1", "--port", str(params["PORT"] or 5432)]
    base += ["--username", params["USER"]] if params["USER"] else []
    env = {"PGPASSWORD": params["PASSWORD"] or "", "PATH": "/usr/bin:/bin"}
    subprocess.run(["dropdb", "--if-exists", *base, target], env=env, check=True)
    subprocess.run(["createdb", *base, target], env=env, check=True)
    try:
        # The documented restore: pg_restore into an empty database.
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", *base, "--dbname", target, str(backup)], env=env, check=True
        )
        with (
            psycopg2.connect(
                dbname=target, host=base[1], port=base[3], user=params["USER"], password=params["PASSWORD"]
            ) as restored,
            restored.cursor() as cursor,
        ):
            cursor.execute("SELECT id_number FROM members_member")
            numbers = {row[0] for row in cursor.fetchall()}
        restored.close()
        return numbers
    finally:
        subprocess.run(["dropdb", "--if-exists", *base, target], env=env, check=True)


def test_a_backup_restores_with_every_member(tmp_path):
    if connection.vendor == "postgresql" and not shutil.which("pg_restore"):
        pytest.skip("pg_dump / pg_restore are not installed")
    members = MemberFactory.create_batch(12)
    backup = tmp_path / ("anren.sqlite3" if connection.vendor == "sqlite" else "anren.dump")
    call_command("backup_database", output=str(backup), stdout=io.StringIO())
    assert backup.stat().st_mode & 0o777 == 0o600  # holds every ID number: the owner's eyes only
    restore = restored_id_numbers_sqlite if connection.vendor == "sqlite" else restored_id_numbers_postgresql
    assert restore(backup) == {m.id_number for m in members} == set(Member.objects.values_list("id_number", flat=True))
