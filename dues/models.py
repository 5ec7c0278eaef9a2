"""党费: a member's dues account and bases, payments by the month, and what a branch hands up.

Months are whole numbers (dues.months): ``year * 12 + month - 1``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, DuesCollector
from branches.scoping import ScopedManager, scoped_queryset
from dues import months
from dues.standard import PayerKind
from members.models import Member


class PaymentWay(models.TextChoices):
    CASH = "cash", _("Cash")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    BANK = "bank", _("Bank transfer")


# A home organisation's secretary reads the dues of the members whose relation it holds.
MemberPathQuerySet = scoped_queryset(
    branch_path="member__branch", committee_path="member__branch__committee", home_path="member__home_organisation"
)


class DuesAccount(models.Model):
    """A member's dues file (党费账户): who collects, from which month dues are owed and how
    far they are paid (党费交至), and the reason recorded for arrears if there is one."""

    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, primary_key=True, related_name="dues_account", verbose_name=_("member")
    )
    collector = models.CharField(
        _("collected by"), max_length=10, choices=DuesCollector.choices, default=DuesCollector.INFLOW
    )
    # The first month dues are owed: the month a 预备党员 was admitted, or the month the
    # branch first set the member's base.
    first_month = models.PositiveIntegerField(_("dues owed from"))
    # 党费交至: the last month paid; first_month - 1 while nothing is paid.
    paid_through = models.PositiveIntegerField(_("paid up to"))
    standard = models.DecimalField(_("monthly standard"), max_digits=9, decimal_places=2)
    arrears_reason = models.CharField(
        _("reason for arrears"),
        max_length=200,
        blank=True,
        help_text=_(
            "A recorded reason (illness, lost contact being traced …) keeps the member off the 自行脱党 warning."
        ),
    )

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(MemberPathQuerySet)()

    class Meta:
        verbose_name = _("dues account")
        verbose_name_plural = _("dues accounts")
        indexes = [
            # The arrears lists: who is paid up to a month before the cut-off.
            models.Index(fields=["collector", "paid_through"], name="duesaccount_arrears"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_through__gte=F("first_month") - 1), name="duesaccount_paid_after_first"
            ),
            models.CheckConstraint(condition=Q(standard__gte=0), name="duesaccount_standard_not_negative"),
        ]

    def __str__(self):
        return f"{self.member} · {self.paid_through_label}"

    @property
    def paid_through_label(self) -> str:
        if self.paid_through < self.first_month:
            return str(_("nothing paid yet"))
        return months.label(self.paid_through)


class DuesBase(models.Model):
    """党费基数: the payer kind and declared income from a month on (set at the start of each
    year and whenever the income changes); ``standard`` is monthly_standard() of it."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_bases", verbose_name=_("member"))
    from_month = models.PositiveIntegerField(_("from month"))
    # The month the next base starts (excluded); empty for the base in force.
    to_month = models.PositiveIntegerField(_("until month"), null=True, blank=True)
    kind = models.CharField(_("payer kind"), max_length=20, choices=PayerKind.choices)
    income = models.DecimalField(_("monthly income after tax"), max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("set amount"), max_digits=9, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    standard = models.DecimalField(_("monthly standard"), max_digits=9, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(MemberPathQuerySet)()

    class Meta:
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        ordering = ["member_id", "-from_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "from_month"],
                name="duesbase_one_per_month",
                violation_error_message=_("A base already starts in this month."),
            ),
            models.CheckConstraint(
                condition=Q(to_month__isnull=True) | Q(to_month__gt=F("from_month")), name="duesbase_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["member", "to_month"], name="duesbase_member_current")]

    def __str__(self):
        return f"{self.member} {months.label(self.from_month)} {self.standard}"

    @property
    def from_label(self):
        return months.label(self.from_month)


class PaymentQuerySet(
    scoped_queryset(branch_path="branch", committee_path="branch__committee", home_path="member__home_organisation")
):
    pass


class PaymentKind(models.TextChoices):
    DUES = "dues", _("Monthly dues")
    # 补交差额: the base of months already paid was corrected upwards (the income was higher
    # than declared); what those months owe beyond what was paid.
    DIFFERENCE = "difference", _("Difference made up")


class Payment(models.Model):
    """交纳党费: one payment covering one or more consecutive months (补交 or 预交)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_payments", verbose_name=_("member"))
    # The branch that collected it, which keeps it in its ledger.
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    first_month = models.PositiveIntegerField(_("first month"))
    last_month = models.PositiveIntegerField(_("last month"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    way = models.CharField(_("way of payment"), max_length=10, choices=PaymentWay.choices)
    kind = models.CharField(_("kind of payment"), max_length=10, choices=PaymentKind.choices, default=PaymentKind.DUES)
    collected_by = models.CharField(_("collected by"), max_length=50)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(PaymentQuerySet)()

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(condition=Q(last_month__gte=F("first_month")), name="payment_months_in_order"),
        ]
        indexes = [
            models.Index(fields=["member", "-first_month"], name="payment_member_months"),
            # 收款记录 in its order, the whole scope's and one branch's.
            models.Index(fields=["-paid_on", "-id"], name="payment_list_order"),
            models.Index(fields=["branch", "-paid_on", "-id"], name="payment_branch_list_order"),
        ]

    def __str__(self):
        return f"{self.receipt_number} {self.member} {self.amount}"

    @property
    def receipt_number(self) -> str:
        """党费收据 number: the year it was paid and the payment's number."""
        return f"DF{self.paid_on:%Y}-{self.pk:07d}"

    @property
    def month_count(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def months_label(self) -> str:
        return months.span_label(self.first_month, self.last_month)


class PaymentMonth(models.Model):
    """One month a payment covers, with its share of the amount: what the ledgers add up.

    A month is paid once (the unique constraint is the last word on "already paid"); a
    补交差额 adds ``top_up`` rows to months already paid, as many as corrections need."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="covered", verbose_name=_("payment"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    month = models.PositiveIntegerField(_("month"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    top_up = models.BooleanField(_("difference made up"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("month paid")
        verbose_name_plural = _("months paid")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"],
                condition=Q(top_up=False),
                name="paymentmonth_once",
                violation_error_message=_("This month is already paid."),
            ),
        ]
        indexes = [models.Index(fields=["branch", "month"], name="paymentmonth_ledger")]

    def __str__(self):
        return f"{self.member_id} {months.label(self.month)} {self.amount}"


class Remittance(models.Model):
    """上缴: dues a branch hands up to the county organisation department for a month."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    month = models.PositiveIntegerField(_("month"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    remitted_on = models.DateField(_("handed up on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("dues handed up")
        verbose_name_plural = _("dues handed up")
        ordering = ["branch_id", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "month"],
                name="remittance_once_a_month",
                violation_error_message=_("This month's dues are already handed up."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="remittance_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.branch} {months.label(self.month)} {self.amount}"

    @property
    def month_label(self):
        return months.label(self.month)
