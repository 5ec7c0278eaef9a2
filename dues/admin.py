"""党费 in the county's back office.

Bases, accounts, payments and their months are written on the pages through
``dues.services`` (the tiers, the order of months, 预交 ≤ 12, the 10× confirmation, the
roll): the admin would skip those rules, so it reads them only, in the user's scope. A
上缴 (Remittance) has no rule beyond its constraints (one a branch and month, not negative),
which the admin form checks as the page's does.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.admin_base import (
    ReadOnlyAdminMixin,
    ScopedAdminMixin,
    ScopedBranchFilter,
    ScopedCommitteeFilter,
    ScopedInlineMixin,
)
from dues.models import DuesAccount, DuesBase, Payment, PaymentMonth, Remittance


class PaymentMonthInline(ReadOnlyAdminMixin, ScopedInlineMixin, admin.TabularInline):
    model = PaymentMonth
    extra = 0
    fields = ["month", "amount", "top_up"]
    readonly_fields = fields


@admin.register(DuesAccount)
class DuesAccountAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["member", "collector", "standard", "paid_through_label", "arrears_reason"]
    list_filter = [
        "collector",
        ScopedCommitteeFilter.on("member__branch__committee"),
        ScopedBranchFilter.on("member__branch"),
    ]
    search_fields = ["member__name"]
    list_select_related = ["member"]
    show_full_result_count = False


@admin.register(DuesBase)
class DuesBaseAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["member", "from_label", "kind", "income", "amount", "standard", "recorded_by"]
    list_filter = ["kind", ScopedBranchFilter.on("member__branch")]
    search_fields = ["member__name"]
    list_select_related = ["member", "recorded_by"]
    show_full_result_count = False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["receipt_number", "member", "branch", "months_label", "amount", "paid_on", "way", "kind"]
    list_filter = ["way", "kind", ScopedCommitteeFilter, ScopedBranchFilter]
    search_fields = ["member__name", "collected_by"]
    list_select_related = ["member", "branch"]
    date_hierarchy = "paid_on"
    inlines = [PaymentMonthInline]
    show_full_result_count = False


@admin.register(Remittance)
class RemittanceAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["branch", "month_label", "amount", "remitted_on", "note"]
    list_filter = [ScopedCommitteeFilter, ScopedBranchFilter]
    list_select_related = ["branch"]
    exclude = ["recorded_by"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
