from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "dues"
    verbose_name = _("Party dues")

    def ready(self):
        # The 自行脱党 warning's second sign (members sits below dues and cannot import it).
        from dues.arrears import lapsed_members
        from members.lapse import add_sign

        add_sign("no_dues", _("No dues for 6 months"), _("Dues"), lapsed_members)
