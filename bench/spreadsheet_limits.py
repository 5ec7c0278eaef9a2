"""Benchmark: how long and how much memory refusing a hostile spreadsheet takes.

    .venv/bin/python bench/spreadsheet_limits.py

Each file is read in a fresh process (its peak RSS is then the file's alone): the
finding's xlsx with cells A1 and XFD1048576, one ending at CV200000, the same for xls,
and for comparison a real 50,000-row roster of 30 columns. The goal: every refusal
in under 2 s and 200 MB, and no process killed.
"""

import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import io, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anren_registry.settings")
import django; django.setup()
from members.importing.spreadsheets import SpreadsheetError, read_table
data = sys.stdin.buffer.read()
start = time.perf_counter()
try:
    outcome = f"read {len(read_table(data).rows)} rows"
except SpreadsheetError:
    outcome = "refused"
print(f"{outcome}|{time.perf_counter() - start:.3f}|{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}")
"""


def xlsx(*cells):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "姓名"
    for ref in cells:
        sheet[ref] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster(rows, columns=30):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([f"列{column}" for column in range(columns)])
    for row in range(rows):
        sheet.append([f"v{row}-{column}" for column in range(columns)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls(row, column):
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("名册")
    sheet.write(0, 0, "姓名")
    sheet.write(row, column, "x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main():
    cases = [
        ("xlsx A1 + XFD1048576", xlsx("XFD1048576")),
        ("xlsx A1 + CV200000", xlsx("CV200000")),
        ("xls A1 + IV65536", xls(65535, 255)),
        ("xlsx roster 49,999 × 30 (allowed)", roster(49_999)),
    ]
    print(f"{'file':32} {'size':>10} {'outcome':>18} {'seconds':>8} {'peak MB':>8} exit")
    for label, data in cases:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(ROOT)], input=data, capture_output=True, check=False, timeout=120
        )
        outcome, seconds, peak = [*child.stdout.decode().strip().split("|"), "", "", ""][:3]
        print(f"{label:32} {len(data):>10,} {outcome or 'crashed':>18} {seconds:>8} {peak:>8} {child.returncode}")


if __name__ == "__main__":
    main()
