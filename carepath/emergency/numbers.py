"""The practice's local numbers (admins): dispatch centres and mobile crisis teams where clients are, each with its
source and the day it was checked; the crisis console shows the ones for the client's area."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import path

from carepath.audit.services import audit_record
from carepath.core import clock
from carepath.core.views import form_post, role_required
from carepath.jurisdictions.selectors import resolved_jurisdiction

from .models import LocalNumber
from .services import PHONE_RE


class LocalNumberForm(forms.ModelForm):
    class Meta:
        model = LocalNumber
        fields = [
            "kind",
            "name",
            "number",
            "jurisdiction",
            "area",
            "client",
            "hours",
            "source",
            "reviewed_on",
            "is_active",
        ]
        widgets = {"reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        from carepath.clients.models import Client

        self.fields["client"].queryset = Client.objects.filter(organisation_id=organisation_id).order_by("family_name")
        self.fields["client"].required = False


def local_number_save(*, actor, number: LocalNumber | None = None, **values) -> LocalNumber:
    """Add or change a local number (admins); the jurisdiction must exist, the number look like one."""
    if not actor.has_role("admin"):
        raise PermissionDenied("Only administrators keep the local numbers.")
    if number is not None and number.organisation_id != actor.organisation_id:
        raise PermissionDenied("This number belongs to another practice.")
    errors = {}
    code = (values.get("jurisdiction") or "").strip().upper()
    if resolved_jurisdiction(code) is None:
        errors["jurisdiction"] = f"'{code}' is not a jurisdiction CarePath knows (e.g. US-CA)."
    if not PHONE_RE.match((values.get("number") or "").strip()):
        errors["number"] = "Give the number as dialled: digits, spaces, + ( ) - only."
    client = values.get("client")
    if client is not None and client.organisation_id != actor.organisation_id:
        errors["client"] = "That client is not of this practice."
    if values.get("reviewed_on") and values["reviewed_on"] > clock.today():
        errors["reviewed_on"] = "The day it was checked is in the future."
    if errors:
        raise ValidationError(errors)
    created = number is None
    number = number or LocalNumber(organisation_id=actor.organisation_id, created_at=clock.now())
    for field, value in values.items():
        setattr(number, field, value)
    number.jurisdiction = code
    number.save()
    audit_record(actor=actor, action="local_number.create" if created else "local_number.update", obj=number)
    return number


@role_required("admin")
def number_list(request):
    numbers = LocalNumber.objects.filter(organisation_id=request.user.organisation_id).select_related("client")
    return render(request, "emergency/local_numbers.html", {"numbers": numbers.order_by("jurisdiction", "area")})


@role_required("admin")
def number_edit(request, number_id=None):
    number = None
    if number_id is not None:
        number = get_object_or_404(LocalNumber, pk=number_id, organisation_id=request.user.organisation_id)
    form = LocalNumberForm(request.POST or None, instance=number, organisation_id=request.user.organisation_id)
    done = form_post(
        request,
        form,
        lambda d: local_number_save(actor=request.user, number=number, **d),
        redirect_to="local_numbers:list",
        message=lambda n: f"{n.name} saved.",
    )
    return done or render(
        request,
        "emergency/local_number_edit.html",
        {"form": form, "number": number},
        status=400 if request.method == "POST" else 200,
    )


app_name = "local_numbers"
urlpatterns = [
    path("", number_list, name="list"),
    path("new/", number_edit, name="new"),
    path("<uuid:number_id>/", number_edit, name="edit"),
]
