"""Spam defences that do not bother people: a honeypot field on public forms, and the
per-account limit key (the per-address limits live in participa/ratelimits.py).

The honeypot is an input hidden from people (the `hidden` attribute, no CSS needed) that
robots filling every field fill in. A request with it filled is refused with a neutral
message, before the view runs: nothing is stored.
"""
from __future__ import annotations

from flask import render_template, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

HONEYPOT_FIELD = "sitio_web"
# The public forms that carry the honeypot (see templates/moderation/_honeypot.html).
HONEYPOT_ENDPOINTS = {
    "consultations.add_comment",
    "consultations.reply",
    "proposals.add_comment",
    "proposals.reply",
    "proposals.create",
    "auth.register",
}


def refuse_if_honeypot_filled():
    if request.method != "POST" or request.endpoint not in HONEYPOT_ENDPOINTS:
        return None
    if not request.form.get(HONEYPOT_FIELD, "").strip():
        return None
    return render_template("moderation/refused.html"), 400


def account_key() -> str:
    """Count per signed-in account (an address change does not reset it); per address for
    anyone else."""
    if getattr(current_user, "is_authenticated", False):
        return f"account:{current_user.id}"
    return get_remote_address()
