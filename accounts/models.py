from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentCode(models.Model):
    """一次性注册码: what a first two-factor enrolment needs besides the password.

    Issued by whoever manages the account (or by the installation owner's command),
    shown once, valid 24 hours, used once; only its hash is kept. With the password
    alone nobody can bind their own authenticator to an account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes", verbose_name=_("user")
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=128)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=150)

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")
        indexes = [models.Index(fields=["user", "expires_at"], name="enrolmentcode_user_expires")]

    def __str__(self):
        return f"{self.user} · {self.issued_at:%Y-%m-%d %H:%M}"


class PasswordState(models.Model):
    """Whether the user must choose a new password before any other page.

    Set when an administrator creates the account or resets its password (the password
    is then one that somebody else knows), cleared when the user changes it on the
    personal centre. Accounts without a row (the installation owner's, the demo's) are
    not asked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_state",
        verbose_name=_("user"),
    )
    must_change = models.BooleanField(_("must change the password"), default=False)
    changed_at = models.DateTimeField(_("password last changed by the user"), null=True, blank=True)

    class Meta:
        verbose_name = _("password state")
        verbose_name_plural = _("password states")

    def __str__(self):
        return str(self.user)
