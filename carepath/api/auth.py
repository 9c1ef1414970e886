"""Bearer-token authentication for the API."""

from __future__ import annotations

from ninja.security import HttpBearer

from carepath.accounts.services import api_token_member


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        member = api_token_member(token)
        if member is not None:
            request.user = member
        return member
