"""The auditor's view of the audit trail."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import render

from carepath.core.views import role_required

from .forms import AuditFilterForm
from .selectors import audit_entries_for


@role_required("auditor")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "action": data["action"],
            "actor_id": str(data["actor"] or ""),
            "client_id": str(data["client"] or ""),
            "since": data["since"],
            "until": data["until"],
        }
    entries = audit_entries_for(request.user, **filters)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    # The member model by Django's setting, not by import: the audit trail sits below accounts.
    members = get_user_model().objects.filter(organisation_id=request.user.organisation_id)
    names = dict(members.values_list("id", "full_name"))
    rows = [(entry, names.get(entry.actor_id, entry.actor_label)) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()})
