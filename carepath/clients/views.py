"""Client pages: list, create, view, edit, support contacts, care team, break the glass."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from carepath.audit.services import audit_record
from carepath.core import clock
from carepath.core.views import form_post, role_required, safe_next
from carepath.jurisdictions.selectors import jurisdiction_choices

from . import selectors, services
from .access import access_client, breakable_client, on_call_shift, visible_clients
from .forms import (
    AuthorisationForm,
    BreakGlassForm,
    CareTeamForm,
    ClientForm,
    OnCallShiftForm,
    ReasonForm,
    RevokeForm,
    SupportContactForm,
)
from .models import CareTeamMember, ClientDocument, OnCallShift, SupportContact


def client_url(client) -> str:
    return reverse("clients:detail", kwargs={"client_id": client.pk})


def _break_glass_page(request, client_id, form=None):
    # 403: the page names no client data until the glass is broken.
    context = {"form": form or BreakGlassForm(), "client_id": client_id}
    return render(request, "clients/break_glass.html", context, status=403)


@role_required("clinical")
def client_list(request):
    query = request.GET.get("q", "").strip()
    clients = visible_clients(request.user).order_by("family_name", "given_name")
    if query:
        clients = clients.filter(
            Q(family_name__icontains=query) | Q(given_name__icontains=query) | Q(preferred_name__icontains=query)
        )
    page = Paginator(clients, 50).get_page(request.GET.get("page"))
    # Covering: a clinician who searches for a client off their care team sees the name and date of birth only,
    # with the break-the-glass form one click away.
    others = selectors.off_team_matches(request.user, query) if query else []
    if query:
        audit_record(actor=request.user, action="client.search", detail={"off_team_matches": len(others)})
    context = {"page": page, "query": query, "others": others, "shift": on_call_shift(request.user)}
    return render(request, "clients/client_list.html", context)


@role_required("supervisor")
def on_call(request):
    """The on-call rota: supervisors put a clinician on call; during the shift they may open every client."""
    form = OnCallShiftForm(request.POST or None, organisation_id=request.user.organisation_id)
    done = form_post(
        request,
        form,
        lambda data: services.on_call_shift_create(actor=request.user, **data),
        redirect_to=reverse("on_call:rota"),
        message=lambda shift: (
            f"{shift.member} is on call from {shift.starts_at:%d %b %H:%M} to {shift.ends_at:%d %b %H:%M}."
        ),
        draft="on-call-new",
    )
    if done:
        return done
    return render(
        request,
        "clients/on_call.html",
        {"form": form, "shifts": selectors.on_call_rota(request.user), "now": clock.now()},
        status=400 if request.method == "POST" else 200,
    )


@role_required("supervisor")
def on_call_cancel(request, shift_id):
    if request.method != "POST":
        return redirect("on_call:rota")
    shift = get_object_or_404(OnCallShift, pk=shift_id, organisation_id=request.user.organisation_id)
    try:
        services.on_call_shift_cancel(actor=request.user, shift=shift)
        messages.success(request, f"{shift.member}'s shift is over: their on-call access has stopped.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("on_call:rota")


@role_required("clinical")
def client_create(request):
    form = ClientForm(request.POST or None, initial={"jurisdiction": request.user.organisation.default_jurisdiction})
    done = form_post(
        request,
        form,
        lambda data: services.client_create(actor=request.user, **data),
        redirect_to=client_url,
        message=lambda client: f"{client.display_name} was added.",
        draft="client-new",
    )
    return done or render(
        request, "clients/client_form.html", {"form": form, "title": "Add a client", "codes": jurisdiction_choices()}
    )


@role_required("clinical")
def client_detail(request, client_id):
    try:
        client = access_client(request.user, client_id)
    except Http404:
        if breakable_client(request.user, client_id) is None:
            raise
        return _break_glass_page(request, client_id)
    context = {
        "client": client,
        "contacts": list(client.support_contacts.all()),
        "care_team": list(client.care_team.filter(is_active=True).select_related("member", "authorisation")),
        "authorisations": list(client.authorisations.order_by("-signed_on")),
    }
    return render(request, "clients/client_detail.html", context)


@role_required("clinical")
def client_edit(request, client_id):
    client = access_client(request.user, client_id)
    initial = {f: getattr(client, f) for f in services.CLIENT_FIELDS}
    form = ClientForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.client_update(actor=request.user, client=client, **data),
        redirect_to=client_url(client),
        message="Client details saved.",
        draft=f"client-{client.pk}",
    )
    return done or render(
        request,
        "clients/client_form.html",
        {"form": form, "title": f"Edit {client.display_name}", "client": client, "codes": jurisdiction_choices()},
    )


@role_required("clinical")
def break_glass(request, client_id):
    """Open a client outside the care team, only with a written reason (audited, shown to supervisors)."""
    try:
        return redirect("clients:detail", client_id=access_client(request.user, client_id, audit_action=None).pk)
    except Http404:
        pass
    client = breakable_client(request.user, client_id)
    if client is None:
        raise Http404("No such client.")
    form = BreakGlassForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.access_grant_create(actor=request.user, client=client, reason=data["reason"]),
        redirect_to=client_url(client),
        draft=f"break-glass-{client_id}",
    )
    return done or _break_glass_page(request, client_id, form)


@role_required("clinical")
def contact_create(request, client_id):
    client = access_client(request.user, client_id)
    next_priority = client.support_contacts.count() + 1
    form = SupportContactForm(request.POST or None, initial={"priority": next_priority})
    done = form_post(
        request,
        form,
        lambda data: services.support_contact_create(actor=request.user, client=client, **data),
        redirect_to=safe_next(request, client_url(client)),
        message="Support contact added.",
        draft=f"contact-new-{client.pk}",
    )
    return done or render(
        request, "clients/contact_form.html", {"form": form, "client": client, "title": "Add a support contact"}
    )


@role_required("clinical")
def contact_edit(request, client_id, contact_id):
    client = access_client(request.user, client_id)
    contact = get_object_or_404(SupportContact, pk=contact_id, client=client)
    initial = {f: getattr(contact, f) for f in services.CONTACT_FIELDS}
    form = SupportContactForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.support_contact_update(actor=request.user, contact=contact, **data),
        redirect_to=safe_next(request, client_url(client)),
        message="Support contact saved.",
        draft=f"contact-{contact.pk}",
    )
    return done or render(
        request, "clients/contact_form.html", {"form": form, "client": client, "title": f"Edit {contact.name}"}
    )


@role_required("clinical")
def care_team_add(request, client_id):
    client = access_client(request.user, client_id)
    form = CareTeamForm(request.POST or None, organisation=request.user.organisation, client=client)
    done = form_post(
        request,
        form,
        lambda data: services.care_team_add(
            actor=request.user, client=client, **{**data, "authorisation": data.get("authorisation") or None}
        ),
        redirect_to=client_url(client),
        message="Care team updated.",
        draft=f"care-team-{client.pk}",
    )
    return done or render(request, "clients/care_team_form.html", {"form": form, "client": client})


@role_required("clinical")
def care_team_remove(request, client_id, entry_id):
    client = access_client(request.user, client_id)
    entry = get_object_or_404(CareTeamMember, pk=entry_id, client=client, is_active=True)
    form = ReasonForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.care_team_remove(actor=request.user, entry=entry, reason=data["reason"]),
        redirect_to=client_url(client),
        message=f"{entry} left the care team.",
    )
    return done or render(request, "clients/care_team_remove.html", {"form": form, "client": client, "entry": entry})


@role_required("clinical")
def document_download(request, client_id, document_id):
    """A client's document, only for members who may see the client; every download is on the audit trail."""
    from django.http import HttpResponse

    client = access_client(request.user, client_id, audit_action=None)
    document = ClientDocument.objects.filter(pk=document_id, client=client).first()
    if document is None:
        raise Http404("No such document.")
    data = services.document_open(actor=request.user, document=document)
    response = HttpResponse(data, content_type=document.content_type)
    safe_name = "".join(c for c in document.filename if c.isalnum() or c in "._- ")[:100] or "document"
    response["Content-Disposition"] = f'inline; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required("clinical")
def authorisation_create(request, client_id):
    """Record the client's signed authorisation (release of information), with an upload of the form."""
    client = access_client(request.user, client_id, audit_action=None)
    form = AuthorisationForm(request.POST or None, request.FILES or None, client=client)

    def save(data):
        return services.authorisation_create(
            actor=request.user,
            client=client,
            recipient_name=data["recipient_name"],
            recipient_type=data["recipient_type"],
            recipient_contact=data["recipient_contact"],
            categories=data["categories"],
            purpose=data["purpose"],
            scope_note=data["scope_note"],
            signed_on=data["signed_on"],
            expires_on=data["expires_on"],
            upload=data.get("document"),
            support_contact=client.support_contacts.filter(pk=data["support_contact"]).first()
            if data.get("support_contact")
            else None,
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=client_url(client) + "#authorisations",
        message="Authorisation recorded.",
        draft=f"authorisation-{client.pk}",
        rename={"upload": "document", "file": "document"},
    )
    if not done and request.method == "POST" and request.FILES:
        messages.warning(request, "Choose the file again: a browser does not keep a file after the page is sent back.")
    context = {"client": client, "form": form}
    return done or render(
        request, "clients/authorisation_form.html", context, status=400 if request.method == "POST" else 200
    )


@role_required("clinical")
def authorisation_revoke(request, client_id, authorisation_id):
    client = access_client(request.user, client_id, audit_action=None)
    authorisation = client.authorisations.filter(pk=authorisation_id).first()
    if authorisation is None:
        raise Http404("No such authorisation.")
    if request.method != "POST":
        return redirect(client_url(client) + "#authorisations")
    form = RevokeForm(request.POST)
    done = form_post(
        request,
        form,
        lambda d: services.authorisation_revoke(
            actor=request.user, authorisation=authorisation, revoked_on=d["revoked_on"], reason=d["reason"]
        ),
        redirect_to=client_url(client) + "#authorisations",
        message="Revocation recorded: nothing more may be shared under this authorisation.",
    )
    if done:
        return done
    messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(client_url(client) + "#authorisations")
