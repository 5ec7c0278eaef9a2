from branches.scoping import user_scope


def scope(request):
    """The user's StaffScope, for the menu and the header."""
    return {"staff_scope": user_scope(getattr(request, "user", None))}
