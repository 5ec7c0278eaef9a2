#!/usr/bin/env python
"""Row counts of every table, and the comparison of two such counts (scripts/check_upgrade.sh).

    table_counts.py count --tree DIR --out FILE
        Count the rows of every table in the database of DIR's settings
        (DJANGO_SETTINGS_MODULE, default anren_registry.settings; DATABASE_URL)
        and write {"vendor": ..., "tables": {name: rows}} as JSON.

    table_counts.py compare BEFORE AFTER [--rename OLD=NEW ...] [--may-grow TABLE ...]
        Every table of BEFORE must be in AFTER (under its new name if renamed)
        with the same number of rows. Bookkeeping tables may grow (new content
        types, permissions and migrations come with a new release) and the cache
        table may change; those are listed as notes. Exit 1 on any difference.

The tables are the ones Django's introspection sees (connection.introspection.
table_names(): on PostgreSQL those of the search path), whether or not a model
of the code that counts still owns them.
"""

import argparse
import json
import os
import sys

# Tables a migrate run adds rows to by itself: post_migrate creates the content
# types and permissions of new models, and every applied migration is recorded.
MAY_GROW = {"django_content_type", "auth_permission", "django_migrations"}
# Disposable: a release may empty it.
MAY_CHANGE = {"django_cache"}


def count(tree, out):
    sys.path.insert(0, os.path.abspath(tree))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anren_registry.settings")
    import django

    django.setup()
    from django.db import connection

    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")
            tables[name] = cursor.fetchone()[0]
    with open(out, "w") as f:
        json.dump({"vendor": connection.vendor, "tables": tables}, f, indent=1, sort_keys=True)
    print(f"{len(tables)} tables, {sum(tables.values())} rows ({connection.vendor})")


def pair(value):
    old, sep, new = value.partition("=")
    if not sep or not old or not new:
        raise argparse.ArgumentTypeError(f"expected OLD=NEW, got {value!r}")
    return old, new


def compare(before_file, after_file, renames, may_grow):
    with open(before_file) as f:
        before = json.load(f)["tables"]
    with open(after_file) as f:
        after = json.load(f)["tables"]
    renames = dict(renames)
    may_grow = MAY_GROW | set(may_grow)
    for old in renames:
        if old not in before:
            print(f"--rename {old}=…: there was no table {old} before", file=sys.stderr)
            return 2

    lost, notes = [], []
    kept_rows = 0
    for old, rows in sorted(before.items()):
        new = renames.get(old, old)
        label = old if new == old else f"{old} → {new}"
        if new not in after:
            hint = ""
            if new == old:
                same = [t for t in sorted(set(after) - set(before)) if after[t] == rows]
                if same and rows:
                    hint = f" (new table{'s' if len(same) > 1 else ''} with {rows} rows: {', '.join(same)}; renamed?)"
            lost.append(f"  vanished  {label}: {rows} rows before, no such table after{hint}")
            continue
        now = after[new]
        if now == rows:
            kept_rows += rows
        elif old in MAY_CHANGE:
            kept_rows += min(rows, now)
            notes.append(f"  {label}: {rows} → {now} rows (a cache: disposable)")
        elif now > rows and old in may_grow:
            kept_rows += rows
            notes.append(f"  {label}: {rows} → {now} rows (+{now - rows})")
        elif now < rows:
            lost.append(f"  shrank    {label}: {rows} → {now} rows ({now - rows})")
        else:
            lost.append(f"  grew      {label}: {rows} → {now} rows (+{now - rows}; --may-grow {old} if meant)")

    renamed_to = set(renames.values())
    new_tables = [t for t in sorted(after) if t not in before and t not in renamed_to]
    if new_tables:
        print(f"New tables ({len(new_tables)}), only in the new release:")
        for t in new_tables:
            print(f"  {t}: {after[t]} rows")
    if notes:
        print("Notes:")
        print("\n".join(notes))
    if lost:
        print(f"FAILED: {len(lost)} of {len(before)} tables did not keep their rows:")
        print("\n".join(lost))
        return 1
    print(f"OK: {len(before)} tables, {kept_rows} rows kept")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("count", help="count the rows of every table")
    c.add_argument("--tree", default=".", help="the source tree whose settings to use")
    c.add_argument("--out", required=True, help="JSON file to write")
    k = sub.add_parser("compare", help="compare two counts")
    k.add_argument("before")
    k.add_argument("after")
    k.add_argument("--rename", type=pair, action="append", default=[], metavar="OLD=NEW")
    k.add_argument("--may-grow", action="append", default=[], metavar="TABLE")
    args = parser.parse_args(argv)
    if args.command == "count":
        count(args.tree, args.out)
        return 0
    return compare(args.before, args.after, args.rename, args.may_grow)


if __name__ == "__main__":
    sys.exit(main())
