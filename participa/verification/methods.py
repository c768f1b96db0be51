"""The verification methods a deployment offers, each a module behind one interface.

A method module exposes:
    METHOD      the participa.models.VerificationMethod it grants
    LABEL       its translated name
    HOW         one translated sentence telling the person how to use it
    ENDPOINT    the page where the person uses it, or None (in person: at a counter)

PARTICIPA_VERIFICATION_METHODS lists the enabled ones by name, comma-separated:
census, in_person, registry (default: census,in_person).
"""
from __future__ import annotations

from types import ModuleType

from flask import current_app

NAMES = ("census", "in_person", "registry")


def _module(name: str) -> ModuleType:
    from participa.verification import census, in_person, registry

    return {"census": census, "in_person": in_person, "registry": registry}[name]


def enabled_names() -> list[str]:
    return [name for name in current_app.config.get("VERIFICATION_METHODS", ())
            if name in NAMES]


def is_enabled(name: str) -> bool:
    return name in enabled_names()


def enabled() -> list[ModuleType]:
    return [_module(name) for name in enabled_names()]
