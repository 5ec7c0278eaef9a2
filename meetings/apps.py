from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Organisational life")

    def ready(self):
        # The 自行脱党 warning's first sign (members sits below meetings and cannot import it).
        from meetings.quorum import absent_from_every_meeting
        from members.lapse import LAPSE_MONTHS, add_sign

        add_sign(
            "no_life",
            _("No organisational life for 6 months"),
            _("Organisational life"),
            lambda members, today: absent_from_every_meeting(members, today, LAPSE_MONTHS),
        )
