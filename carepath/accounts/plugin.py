"""What accounts add: sign-in and the admin's member pages."""

from carepath.core.extensions import Extension, NavItem

PLUGIN = Extension(
    label="accounts",
    nav=(NavItem("Members", "accounts:member_list", roles=("admin",), order=90),),
    urls=(("accounts/", "carepath.accounts.urls"),),
)
