"""A member's dues page: the base, 党费交至 and arrears, payments with their receipts."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.permissions import can_write, reader_required, writer_required
from dues import months
from dues.arrears import months_behind
from dues.differences import differences_owed, record_difference, total_owed
from dues.forms import AccountForm, BaseForm, DifferenceForm, PaymentForm
from dues.models import DuesAccount, DuesBase, Payment
from dues.roll import is_on_roll
from dues.services import DuesError, record_payment, set_base, update_account
from members.models import Member


def member_for(request, pk):
    """The member if the user may see them; another branch's member is a 404."""
    return get_object_or_404(Member.objects.visible_to(request.user).select_related("branch__committee"), pk=pk)


def _account(member):
    return DuesAccount.objects.filter(member=member).first()


def _form_error(form, error: DuesError):
    form.add_error(error.field if error.field in form.fields else None, error.message)


@reader_required
def member_dues(request, pk):
    member = member_for(request, pk)
    today = timezone.localdate()
    account = _account(member)
    owed = differences_owed(member, account)
    context = {
        "member": member,
        "account": account,
        "owed": owed,
        "owed_total": total_owed(owed),
        "on_roll": is_on_roll(member),
        "behind": months_behind(account.paid_through, today) if account else 0,
        "bases": list(DuesBase.objects.filter(member=member).select_related("recorded_by").order_by("-from_month")),
        "payments": list(Payment.objects.visible_to(request.user).filter(member=member).order_by("-first_month")[:60]),
        "can_write": can_write(request.user),
        "current_month": months.label(months.month_index(today)),
    }
    return render(request, "dues/member.html", context)


@writer_required
def base_edit(request, pk):
    member = member_for(request, pk)
    form = BaseForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            set_base(member, user=request.user, **form.cleaned_data)
        except DuesError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The dues base of %(member)s is saved.") % {"member": member.name})
            return redirect("dues:member", pk=member.pk)
    return render(request, "dues/form.html", {"form": form, "member": member, "title": _("Set the dues base")})


@writer_required
def payment_create(request, pk):
    member = member_for(request, pk)
    account = _account(member)
    form = PaymentForm(request.POST or None, account=account, collector_name=_collector_name(request))
    if request.method == "POST" and form.is_valid():
        try:
            payment = record_payment(member, user=request.user, **form.cleaned_data)
        except DuesError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(member)s paid %(amount)s yuan for %(months)s.")
                % {"member": member.name, "amount": payment.amount, "months": payment.months_label},
            )
            return redirect("dues:member", pk=member.pk)
    context = {"form": form, "member": member, "account": account, "title": _("Record a dues payment")}
    if account is None:
        context["blocked"] = _("Set the member's dues base first.")
    elif not is_on_roll(member):
        context["blocked"] = _("%(member)s is not on the roll: no dues are taken.") % {"member": member.name}
    return render(request, "dues/form.html", context)


@writer_required
def difference_create(request, pk):
    """补交差额: the months paid before the base was corrected upwards pay the difference."""
    member = member_for(request, pk)
    account = _account(member)
    owed = differences_owed(member, account)
    form = DifferenceForm(request.POST or None, owed=total_owed(owed), collector_name=_collector_name(request))
    if request.method == "POST" and form.is_valid():
        try:
            payment = record_difference(member, user=request.user, **form.cleaned_data)
        except DuesError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(member)s made up the difference of %(amount)s yuan for %(months)s.")
                % {"member": member.name, "amount": payment.amount, "months": payment.months_label},
            )
            return redirect("dues:member", pk=member.pk)
    context = {"form": form, "member": member, "account": account, "owed": owed, "title": _("Make up the difference")}
    if not owed:
        context["blocked"] = _("%(member)s owes no difference: every month paid meets its base.") % {
            "member": member.name
        }
    return render(request, "dues/form.html", context)


def _collector_name(request):
    return request.user.get_full_name() or request.user.get_username()


@writer_required
def account_edit(request, pk):
    member = member_for(request, pk)
    account = get_object_or_404(DuesAccount, member=member)
    form = AccountForm(
        request.POST or None, initial={"collector": account.collector, "arrears_reason": account.arrears_reason}
    )
    if request.method == "POST" and form.is_valid():
        update_account(account, user=request.user, **form.cleaned_data)
        messages.success(request, _("The dues settings of %(member)s are saved.") % {"member": member.name})
        return redirect("dues:member", pk=member.pk)
    return render(request, "dues/form.html", {"form": form, "member": member, "title": _("Dues settings")})


@reader_required
def receipt(request, pk):
    """党费收据, to print: another branch's payment is a 404."""
    payment = get_object_or_404(
        Payment.objects.visible_to(request.user).select_related("member", "branch__committee"), pk=pk
    )
    return render(request, "dues/receipt.html", {"payment": payment})
