from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications, e-mail and SMS channels, quiet hours, opt-outs and the log of
    what was sent to whom. Low in the layers so that any app may notify."""

    name = "notifications"
    verbose_name = _("Notifications")
