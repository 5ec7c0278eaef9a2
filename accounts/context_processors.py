from branches.permissions import (
    can_manage_accounts,
    can_read_audit_log,
    can_read_member_data,
    can_use_admin,
    is_home_secretary,
)


def rights(request):
    """What the menu offers: each page only to those who may open it."""
    user = getattr(request, "user", None)
    return {
        "can_manage_accounts": can_manage_accounts(user),
        "can_read_audit_log": can_read_audit_log(user),
        "can_use_admin": can_use_admin(user),
        "can_read_member_data": can_read_member_data(user),
        "is_home_secretary": is_home_secretary(user),
    }
