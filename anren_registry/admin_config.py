from django.contrib.admin.apps import AdminConfig


class RegistryAdminConfig(AdminConfig):
    """The admin app with our site (anren_registry.admin_site); kept apart so that loading
    INSTALLED_APPS imports no model."""

    default_site = "anren_registry.admin_site.RegistryAdminSite"
