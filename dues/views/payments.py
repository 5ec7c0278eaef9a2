"""收款记录: the payments the user's branches recorded, newest first, with their receipts."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Branch
from branches.permissions import reader_required
from dues.models import Payment, PaymentWay
from lib.pagination import CappedPaginator, page_of
from lib.widgets import CompactSelect


class PaymentFilter(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=50)
    branch = forms.TypedChoiceField(label=gettext_lazy("Branch"), required=False, coerce=int, widget=CompactSelect)
    way = forms.ChoiceField(label=gettext_lazy("Way of payment"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year paid"), required=False, min_value=2000, max_value=2100)

    def __init__(self, data, *, branches):
        super().__init__(data)
        self.fields["branch"].choices = [("", _("All branches"))] + [(b.pk, b.name) for b in branches]
        self.fields["way"].choices = [("", _("All")), *PaymentWay.choices]


@reader_required
def payment_list(request):
    branches = Branch.objects.visible_to(request.user).order_by("committee_id", "ordinal")
    form = PaymentFilter(request.GET or None, branches=branches)
    chosen = form.cleaned_data if form.is_valid() else {}
    payments = Payment.objects.visible_to(request.user).select_related("member", "branch")
    if chosen.get("q"):
        payments = payments.filter(member__name__contains=chosen["q"].strip())
    if chosen.get("branch"):
        payments = payments.filter(branch_id=chosen["branch"])
    if chosen.get("way"):
        payments = payments.filter(way=chosen["way"])
    if chosen.get("year"):
        payments = payments.filter(paid_on__year=chosen["year"])
    context = {"filter": form, "page_obj": page_of(request, payments, paginator=CappedPaginator), "nav": "payments"}
    return render(request, "dues/payments.html", context)
