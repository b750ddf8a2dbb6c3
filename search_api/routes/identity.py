"""GET /v1/me: who the service takes the caller to be."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from search_api.auth import Principal, current_principal
from search_api.schemas import Problem

router = APIRouter(prefix="/v1", tags=["identity"])


class MeOut(BaseModel):
    """What the service understood from the request's key and token."""

    authenticated: bool = Field(description="True with a valid key or token.")
    kommune: str | None = Field(description="The signed-in user's kommune, from the token (null without one).")
    role: str | None = Field(description="reader, curator or admin; null when anonymous.")
    via: str = Field(description="oidc (a token from an identity provider), key, or anonymous.")


@router.get("/me", response_model=MeOut, responses={401: {"model": Problem}, 403: {"model": Problem}},
            summary="Who am I?")
def me(who: Principal = Depends(current_principal)) -> MeOut:
    """The identity behind this request; 401 when a key or token is sent but not valid."""
    return MeOut(authenticated=not who.anonymous, kommune=who.kommune,
                 role=None if who.anonymous else who.role, via=who.via)
