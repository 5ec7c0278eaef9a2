from django.urls import path

from dues.views import accounts, imports, ledgers, payments

app_name = "dues"

urlpatterns = [
    path("", ledgers.arrears, name="arrears"),
    path("ledger/", ledgers.ledger, name="ledger"),
    path("ledger/<int:pk>/hand-up/", ledgers.remittance_create, name="remittance_create"),
    path("report/", ledgers.report, name="report"),
    path("report/xlsx/", ledgers.report_xlsx, name="report_xlsx"),
    path("import/", imports.sheet_import, name="import"),
    path("import/confirm/", imports.sheet_confirm, name="import_confirm"),
    path("import/template.xlsx", imports.sheet_template, name="import_template"),
    path("members/<int:pk>/", accounts.member_dues, name="member"),
    path("members/<int:pk>/base/", accounts.base_edit, name="base_edit"),
    path("members/<int:pk>/pay/", accounts.payment_create, name="payment_create"),
    path("members/<int:pk>/difference/", accounts.difference_create, name="difference_create"),
    path("members/<int:pk>/settings/", accounts.account_edit, name="account_edit"),
    path("payments/", payments.payment_list, name="payments"),
    path("payments/<int:pk>/receipt/", accounts.receipt, name="receipt"),
]
