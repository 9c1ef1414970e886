"""Turning a service's validation errors into messages next to the form fields they name."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError, rename: Mapping[str, str] | None = None) -> None:
    """Put a service's ValidationError next to the form fields it names (or at the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = (rename or {}).get(field, field)
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
