"""A consistent copy of the database: SQLite's online backup, or pg_dump's custom format.

Restoring is described in docs/security.md (Backups).
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


class Command(BaseCommand):
    help = "Back up the database to a file (SQLite: a .sqlite3 copy; PostgreSQL: a pg_dump -Fc archive)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: backups/anren-<time>.<ext>).")

    def handle(self, *args, output=None, **options):
        vendor = connection.vendor
        if vendor not in {"sqlite", "postgresql"}:
            raise CommandError(f"No backup procedure for the {vendor} database.")
        extension = "sqlite3" if vendor == "sqlite" else "dump"
        target = Path(
            output or settings.BASE_DIR / "backups" / f"anren-{timezone.localtime():%Y%m%d-%H%M%S}.{extension}"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        if vendor == "sqlite":
            self._sqlite(target)
        else:
            self._postgresql(target)
        # Backups hold every member's ID number: readable by the owner only.
        os.chmod(target, 0o600)
        self.stdout.write(f"{target} ({target.stat().st_size // 1024} KiB)")

    def _sqlite(self, target):
        # The online backup API copies a consistent snapshot while the site keeps running.
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()

    def _postgresql(self, target):
        params = connection.settings_dict
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", "--dbname", params["NAME"]]
        for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if params.get(key):
                command += [option, str(params[key])]
        environment = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
        if result.returncode:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
