"""Form helpers every app shares."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form that asked for it: each message on its field where the
    form has that field, the others (and a refusal naming no field) above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)
