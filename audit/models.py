from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Who may read the log: a permission, granted by role in branches.backends (audit sits below the roles).
READ_LOG = "audit.read_log"

# The log keeps at least this long (等保 2.0 asks for six months); the pruning
# command refuses to delete anything younger.
MINIMUM_RETENTION_DAYS = 180


class Action(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    VIEW_ID_NUMBER = "view_id_number", _("Full ID number viewed")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    ACCOUNT = "account", _("Account change")
    ADMIN_CHANGE = "admin_change", _("Change in the admin")
    PRUNE = "prune", _("Audit log pruned")


# How the details of an entry read on the auditor's page: keys and the coded values.
DETAIL_LABELS = {
    "status": _("HTTP status"),
    "method": _("Method"),
    "path": _("Address"),
    "url_name": _("Page"),
    "reason": _("Reason"),
    "what": _("Content"),
    "rows": _("Rows"),
    "filters": _("Filter"),
    "change": _("Change"),
    "role": _("Role"),
    "scope": _("Scope"),
    "before": _("Before"),
    "after": _("After"),
    "via": _("Via"),
    "days": _("Days kept"),
    "deleted": _("Deleted"),
    "cutoff": _("Older than"),
    # An import's counts.
    "file": _("File"),
    "committee": _("Committee"),
    "imported": _("Imported"),
    "new": _("New"),
    "updated": _("Updated"),
    "unchanged": _("Unchanged"),
    "errors": _("Errors"),
}
DETAIL_VALUES = {
    "password": _("wrong password"),
    "locked_out": _("locked out"),
    "second_factor": _("wrong second-factor code"),
    "created": _("created"),
    "role": _("role or scope changed"),
    "enabled": _("enabled"),
    "disabled": _("disabled"),
    "password_reset": _("password reset"),
    "unlocked": _("unlocked"),
    "second_factor_enabled": _("two-factor login turned on"),
    "second_factor_removed": _("two-factor login turned off"),
    "password_changed": _("password changed"),
    "enrolment_code": _("two-factor enrolment code issued"),
    "admin": _("the admin (data administration)"),
    "added": _("added"),
    "changed": _("changed"),
    "deleted": _("deleted"),
    "search": _("search by ID number"),
    "print": _("printed file card"),
    "edit": _("edit form"),
}


def spell_detail_values(choices):
    """Spell coded values of apps above the log (a role's code …) on the auditor's page.

    Called by the app that writes them into entries (accounts, for roles), at start-up:
    the log sits below those apps and does not import their choices.
    """
    DETAIL_VALUES.update(choices)


# What an export's "what" names, as the auditor reads it.
EXPORT_LABELS = {
    "members": _("member list"),
    "member roster": _("member roster (all columns)"),
    "branches": _("branch list"),
    "audit log": _("audit log"),
    "accounts": _("user accounts"),
    "check_ins": _("check-ins"),
    "not_checked_in": _("members not checked in"),
    "report_board": _("report board"),
    "tasks": _("task board"),
    "meetings": _("meeting records"),
    "meeting compliance": _("compliance matrix"),
    "attendance rates": _("attendance rates"),
    "statistics.origin": _("members by hometown and work city"),
    "statistics.profile": _("member profile report"),
}
# The filters of the lists, by their query parameter.
FILTER_LABELS = {
    "q": _("keyword"),
    "branch": _("branch (number)"),
    "committee": _("committee (number)"),
    "status": _("status"),
    "category": _("category"),
    "kind": _("kind"),
    "work_city": _("work city"),
    "hometown_township": _("hometown township"),
    "year": _("year"),
    "period": _("period"),
    "o": _("sort"),
}
# Kept in the entry, not shown: the address says the same in the auditor's terms.
HIDDEN_DETAILS = {"url_name"}


def model_label(value: str) -> str:
    """ "assistance.Campaign" as its plural name in the active language, or ""."""
    if value.count(".") != 1 or " " in value:
        return ""
    try:
        return str(apps.get_model(value)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return ""


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only: entries are never changed.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only: only prune_audit_log deletes old entries.")

    def prune_older_than(self, cutoff):
        """Delete entries created before ``cutoff``; the one way out of the log.

        Only the ``prune_audit_log`` command calls this, after checking that
        ``cutoff`` is at least MINIMUM_RETENTION_DAYS in the past.
        """
        return models.QuerySet.delete(self.filter(created_at__lt=cutoff))


class AuditEntry(models.Model):
    """One line of the append-only audit log (等保 2.0): who did what, when, from where.

    Changes to records themselves are kept by django-simple-history; this log keeps
    the events that leave no row behind: logins, exports, imports, ID views, denials.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # PROTECT: an account with entries is deactivated, never deleted, so no entry loses
    # its actor (the user name is kept beside the link as well).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        # Entries are written by code, never through the admin: no add/change/delete rights exist.
        default_permissions = ("view",)
        indexes = [models.Index(fields=["username", "created_at"], name="auditentry_user_time")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only: entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only: only prune_audit_log deletes old entries.")

    def readable_details(self):
        """(label, value) pairs for the auditor, coded values spelled out in the active language:
        what was exported, the filter's fields, yes and no; the internal page name is left out
        (the address beside it says the same)."""

        def spelled(value):
            if isinstance(value, bool):
                return _("yes") if value else _("no")
            if not isinstance(value, str):
                return value
            if value in DETAIL_VALUES:
                return DETAIL_VALUES[value]
            if value in EXPORT_LABELS:
                return EXPORT_LABELS[value]
            return model_label(value) or value

        for key, value in self.details.items():
            if key in HIDDEN_DETAILS:
                continue
            if isinstance(value, dict):
                value = "，".join(f"{FILTER_LABELS.get(k, k)}={spelled(v)}" for k, v in value.items()) or "—"
            yield DETAIL_LABELS.get(key, key), spelled(value)
