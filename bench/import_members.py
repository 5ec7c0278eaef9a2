"""Benchmark: import a generated N-row roster with our engine, with the engine it replaced
(bench/legacy_import.py: a tuned django-import-export resource with bulk writes) and with a
plain django-import-export ModelResource, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anren_bench .venv/bin/python bench/import_members.py --rows 10000

Runs in a throw-away test database (test_<name>, created and dropped here), so the
development data is never touched. Each import starts from an empty member table and is
timed end to end: the xlsx bytes read, every row checked, the members and their history
rows written and committed. Prints the seconds and rows/s of each, the ratios, and the peak
memory. ``--repeat N`` times each import N times and keeps the fastest (the machine is shared).
"""

import argparse
import datetime
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anren_registry.settings")

import django

django.setup()

import tablib  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from import_export import resources  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from branches.models import Branch, Committee  # noqa: E402
from members.id_number import make_id_number  # noqa: E402
from members.importing.columns import COLUMNS  # noqa: E402
from members.importing.engine import import_roster  # noqa: E402
from members.models import Member  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from legacy_import import legacy_import_roster  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭何罗谭侯欧阳"
GIVEN = "静伟芳军敏强磊洋勇艳杰娟涛明超秀兰霞平刚桂英华"
TOWNSHIPS = ["永乐江镇", "安平镇", "龙海镇", "灵官镇", "牌楼乡", "华王乡", "竹山乡", "禾市乡"]
CITIES = ["东莞", "佛山", "深圳", "广州", "韶关"]


def generate_roster(rows: int, branches: list[str], seed: int = 2021) -> bytes:
    """An xlsx roster with a title row, the canonical headers and ``rows`` valid members."""
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党员花名册")
    sheet.append(["安仁县驻广东流动党委党员花名册"])
    headers = [header for _name, header, _aliases in COLUMNS]
    sheet.append(headers)
    for index in range(rows):
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 50))
        male = rng.random() < 0.7
        # Keep the numbers unique whatever the birth dates: vary the area code too.
        number = make_id_number(f"4310{index // 500 % 100:02d}", born, (index % 500) * 2 + (1 if male else 0))
        joined = born + datetime.timedelta(days=365 * 20 + rng.randrange(3650))
        joined = min(joined, datetime.date(2025, 6, 30))
        values = {
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "gender": "男" if male else "女",
            "ethnicity": "汉族",
            "birth_date": f"{born:%Y-%m-%d}",
            "id_number": number,
            "education": rng.choice(["大学本科", "大学专科", "高中", "中专"]),
            "joined_party_on": f"{joined:%Y.%m}",
            "full_member_on": f"{joined.year + 1}年{joined.month}月",
            "category": rng.choice(["直管党员", "流动党员", "流动党员"]),
            "branch": rng.choice(branches),
            "hometown_township": rng.choice(TOWNSHIPS),
            "hometown_village": "新洲村",
            "home_organisation": "新洲村党支部",
            "left_home_on": "2015/3/1",
            "employer": "东莞市某电子有限公司",
            "position": "职员",
            "work_city": rng.choice(CITIES),
            "phone": f"13{rng.randrange(10**9):09d}",
            "activity_certificate_no": f"AR{index:06d}",
            "notes": "无",
        }
        sheet.append([values[name] for name, _header, _aliases in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class PlainMemberResource(resources.ModelResource):
    """The default django-import-export resource: per-row lookups, saves, savepoints and diffs."""

    class Meta:
        model = Member
        import_id_fields = ["id_number"]
        fields = [name for name, _header, _aliases in COLUMNS]


def plain_dataset(data: bytes, branch_ids: dict[str, int]) -> tablib.Dataset:
    """The same file as the plain resource needs it: field names as headers, branch ids, ISO dates."""
    from legacy_import import build_dataset

    from members.importing.spreadsheets import read_table

    dataset, _header, _numbers = build_dataset(read_table(data))
    plain = tablib.Dataset(headers=dataset.headers)
    choices = {"男": "male", "女": "female", "直管党员": "direct", "流动党员": "mobile"}
    education = {
        "大学本科": "bachelor",
        "大学专科": "junior_college",
        "高中": "high_school",
        "中专": "secondary_vocational",
    }
    for row in dataset:
        values = dict(zip(dataset.headers, row, strict=True))
        values["gender"] = choices[values["gender"]]
        values["category"] = choices[values["category"]]
        values["education"] = education[values["education"]]
        values["branch"] = branch_ids[values["branch"]]
        year, month = values["joined_party_on"].split(".")
        values["joined_party_on"] = f"{year}-{month}-01"
        year, rest = values["full_member_on"].split("年")
        values["full_member_on"] = f"{year}-{int(rest.rstrip('月')):02d}-01"
        values["left_home_on"] = "2015-03-01"
        plain.append([values[name] for name in dataset.headers])
    return plain


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clear():
    # Members first: deleting one writes a "-" history row, which goes next.
    Member.objects.all().delete()
    Member.history.all().delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--plain-rows", type=int, help="rows for the plain resource (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="time each import N times, keep the fastest")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        committee = Committee.objects.create(
            name="中共安仁县驻广东地区流动委员会",
            short_name="流动党委",
            region="广东省",
            founded_on=datetime.date(2004, 7, 1),
        )
        names = [f"第{n}党支部" for n in "一二三四五六七八九十"] + ["第十一党支部"]
        for ordinal, name in enumerate(names, start=1):
            Branch.objects.create(committee=committee, ordinal=ordinal, name=name, city="东莞")
        data = generate_roster(args.rows, names)
        print(f"database: {connection.vendor}; roster: {args.rows} rows, {len(data) / 1024 / 1024:.1f} MB xlsx")

        def timed(run, repeat=args.repeat):
            """The fastest of ``repeat`` runs, each on an empty member table."""
            best, result = None, None
            for _attempt in range(repeat):
                clear()
                started = time.perf_counter()
                result = run()
                seconds = time.perf_counter() - started
                best = seconds if best is None else min(best, seconds)
            return best, result

        def ours_import():
            with transaction.atomic():
                return import_roster(data, committee=committee, dry_run=False, file_name="bench.xlsx")

        preview_seconds, preview = timed(lambda: import_roster(data, committee=committee, file_name="bench.xlsx"))
        assert preview.ok, preview.bad_rows[:3]
        ours, report = timed(ours_import)
        assert report.written and Member.objects.count() == args.rows
        history_rows = Member.history.count()
        ours_peak = peak_mb()
        started = time.perf_counter()
        again = import_roster(data, committee=committee, dry_run=False, file_name="bench.xlsx")
        reimport = time.perf_counter() - started
        assert again.counts["unchanged"] == args.rows
        print(f"ours, preview (check only):  {preview_seconds:6.2f} s  {args.rows / preview_seconds:7.0f} rows/s")
        print(f"ours, import:                {ours:6.2f} s  {args.rows / ours:7.0f} rows/s  ({history_rows} history)")
        print(f"ours, re-import unchanged:   {reimport:6.2f} s  {args.rows / reimport:7.0f} rows/s", flush=True)

        def legacy_import():
            with transaction.atomic():
                return legacy_import_roster(data, committee=committee, dry_run=False, file_name="bench.xlsx")

        legacy, legacy_report = timed(legacy_import)
        assert legacy_report.written and Member.objects.count() == args.rows

        clear()
        dataset = plain_dataset(data, dict(Branch.objects.values_list("name", "pk")))
        if args.plain_rows:
            dataset = dataset.subset(rows=range(args.plain_rows))
        started = time.perf_counter()
        result = PlainMemberResource().import_data(dataset, dry_run=False, use_transactions=True)
        plain = time.perf_counter() - started
        if result.has_errors() or result.has_validation_errors():
            first = (result.row_errors() or [(0, [None])])[0]
            invalid = result.invalid_rows[:1]
            raise SystemExit(
                f"plain import failed: {first[1][0] and first[1][0].error!r} {invalid and invalid[0].error_dict}"
            )
        plain_rate = len(dataset) / plain
        plain_estimate = args.rows / plain_rate

        print(f"previous engine, import:     {legacy:6.2f} s  {args.rows / legacy:7.0f} rows/s")
        print(
            f"plain ModelResource:         {plain:6.2f} s  {plain_rate:7.0f} rows/s  ({len(dataset)} rows; "
            f"{plain_estimate:.0f} s for {args.rows})"
        )
        print(
            f"ours vs previous: {legacy:.2f} s / {ours:.2f} s = {legacy / ours:.1f}x; "
            f"vs plain: {plain_estimate / ours:.0f}x; peak memory (RSS): {ours_peak:.0f} MB"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
