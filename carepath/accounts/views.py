"""Sign-in, sign-out and the admin's member pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from carepath.core.errors import add_service_errors
from carepath.core.views import role_required, saved

from . import services
from .forms import MemberForm, SignInForm
from .middleware import client_ip
from .models import Member


def sign_in(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.sign_in_check(
            email=form.cleaned_data["email"], password=form.cleaned_data["password"], ip=client_ip(request)
        )
        if result.member is not None:
            login(request, result.member, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url or "cases:dashboard")
        form.add_error(None, result.error)
    expired = request.GET.get("expired") == "1" or (bool(next_url) and request.method == "GET")
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url, "expired": expired}, status=200)


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.record_sign_out(member=request.user)
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("accounts:sign_in")


@role_required("admin")
def member_list(request):
    members = Member.objects.filter(organisation_id=request.user.organisation_id).order_by("full_name")
    return render(request, "accounts/member_list.html", {"members": members})


@role_required("admin")
def member_create(request):
    org = request.user.organisation
    form = MemberForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_create(
                actor=request.user,
                organisation=org,
                email=data["email"],
                full_name=data["full_name"],
                roles=data["roles"],
                password=data["password"],
                supervisor=data["supervisor"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved(request, "member-new")
            messages.success(request, f"{data['full_name']} can now sign in.")
            return redirect("accounts:member_list")
    return render(request, "accounts/member_form.html", {"form": form, "title": "Add a member"})


@role_required("admin")
def member_edit(request, member_id):
    member = get_object_or_404(Member, pk=member_id, organisation_id=request.user.organisation_id)
    initial = {
        "full_name": member.full_name,
        "email": member.email,
        "roles": member.roles,
        "supervisor": member.supervisor_id,
        "is_active": member.is_active,
    }
    form = MemberForm(request.POST or None, organisation=member.organisation, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_update(
                actor=request.user,
                member=member,
                full_name=data["full_name"],
                roles=data["roles"],
                is_active=data["is_active"],
                supervisor=data["supervisor"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{member.full_name} was updated.")
            return redirect("accounts:member_list")
    return render(request, "accounts/member_form.html", {"form": form, "title": f"Edit {member}", "edited": member})


@require_POST
@role_required("admin")
def member_unlock(request, member_id):
    member = get_object_or_404(Member, pk=member_id, organisation_id=request.user.organisation_id)
    services.member_unlock(actor=request.user, member=member)
    messages.success(request, f"{member.full_name} can sign in again.")
    return redirect("accounts:member_list")
