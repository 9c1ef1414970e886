"""Sign-in, sign-out and the admin's member pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carepath.core.views import form_post, is_local_path, role_required

from . import services
from .forms import MemberForm, SignInForm
from .middleware import client_ip
from .selectors import member_of, organisation_members


def sign_in(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not is_local_path(next_url):
        next_url = ""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.sign_in_check(
            email=form.cleaned_data["email"], password=form.cleaned_data["password"], ip=client_ip(request)
        )
        if result.member is not None:
            login(request, result.member, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url or "home")  # home sends each role to its own first page
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
    members = organisation_members(request.user.organisation_id)
    return render(request, "accounts/member_list.html", {"members": members})


@role_required("admin")
def member_create(request):
    org = request.user.organisation
    form = MemberForm(request.POST or None, organisation=org)
    done = form_post(
        request,
        form,
        lambda data: services.member_create(
            actor=request.user,
            organisation=org,
            email=data["email"],
            full_name=data["full_name"],
            roles=data["roles"],
            password=data["password"],
            supervisor=data["supervisor"],
        ),
        redirect_to="accounts:member_list",
        message=lambda member: f"{member.full_name} can now sign in.",
        draft="member-new",
    )
    return done or render(request, "accounts/member_form.html", {"form": form, "title": "Add a member"})


@role_required("admin")
def member_edit(request, member_id):
    member = member_of(request.user.organisation_id, member_id)
    if member is None:
        raise Http404("No such member.")
    initial = {
        "full_name": member.full_name,
        "email": member.email,
        "roles": member.roles,
        "supervisor": member.supervisor_id,
        "is_active": member.is_active,
    }
    form = MemberForm(request.POST or None, organisation=member.organisation, editing=True, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.member_update(
            actor=request.user,
            member=member,
            full_name=data["full_name"],
            roles=data["roles"],
            is_active=data["is_active"],
            supervisor=data["supervisor"],
        ),
        redirect_to="accounts:member_list",
        message=f"{member.full_name} was updated.",
    )
    context = {"form": form, "title": f"Edit {member}", "edited": member}
    return done or render(request, "accounts/member_form.html", context)


@require_POST
@role_required("admin")
def member_unlock(request, member_id):
    member = member_of(request.user.organisation_id, member_id)
    if member is None:
        raise Http404("No such member.")
    services.member_unlock(actor=request.user, member=member)
    messages.success(request, f"{member.full_name} can sign in again.")
    return redirect("accounts:member_list")
