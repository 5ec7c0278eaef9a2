# The dues pages at 100,000 members on PostgreSQL (docs/dues.md, "At scale"): indexes the
# ledgers', the yearly report's and the arrears list's queries read without visiting the
# table (index-only scans; the tables are vacuumed by the seed and by autovacuum).
#
# - dues_paymentmonth (branch, month) INCLUDE (amount, top_up): what each branch collected each
#   month. It replaces the plain paymentmonth_ledger index under the same name, so the
#   model's state is unchanged.
# - dues_duesaccount (paid_through, member) WHERE collector = 'inflow': the accounts the
#   branches collect, in the arrears list's order; the members behind are a range of it.
# - dues_duesbase (member) INCLUDE (from_month, to_month, standard): a member's bases for
#   the expected sums.
# - members_member (branch, id) WHERE status = 'active': the members on the roll of the
#   branches asked for (dues.roll.on_roll), which every dues sum joins.
# Other databases keep the plain indexes (a county's size needs no more).

from django.db import migrations

CREATE = [
    "DROP INDEX IF EXISTS paymentmonth_ledger",
    "CREATE INDEX paymentmonth_ledger ON dues_paymentmonth (branch_id, month) INCLUDE (amount, top_up)",
    "CREATE INDEX duesaccount_inflow_behind ON dues_duesaccount (paid_through, member_id) WHERE collector = 'inflow'",
    "CREATE INDEX duesbase_member_months ON dues_duesbase (member_id) INCLUDE (from_month, to_month, standard)",
    "CREATE INDEX dues_member_on_roll ON members_member (branch_id, id) WHERE status = 'active'",
]
DROP = [
    "DROP INDEX IF EXISTS dues_member_on_roll",
    "DROP INDEX IF EXISTS duesbase_member_months",
    "DROP INDEX IF EXISTS duesaccount_inflow_behind",
    "DROP INDEX IF EXISTS paymentmonth_ledger",
    "CREATE INDEX paymentmonth_ledger ON dues_paymentmonth (branch_id, month)",
]
# What bench/dues_indexes.py drops (in a transaction it rolls back) to time the old plans.
NEW_INDEXES = ["duesaccount_inflow_behind", "duesbase_member_months", "dues_member_on_roll"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("dues", "0002_difference_payments"), ("members", "0001_initial")]

    operations = [migrations.RunPython(run(CREATE), run(DROP), elidable=False)]
