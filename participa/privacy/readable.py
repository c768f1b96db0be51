""""My data" for people: the exporters' rows (participa.privacy.exporters) with their keys
named in the reader's language and their values written in words: times in Ecuador's local
time, states by their labels, yes and no. The JSON download keeps the rows as they are,
stable English keys and ISO times, for machines."""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

FIELD_LABELS = {
    "about": _l("About"), "action": _l("Action"), "answered_at": _l("Answered on"),
    "appeal": _l("Appeal"), "appealed_at": _l("Appealed on"), "at": _l("Date"),
    "attempts": _l("Attempts"), "author_name": _l("Author"), "birth_date": _l("Date of birth"),
    "browser": _l("Browser"), "canton": _l("Canton"), "case": _l("Case"),
    "cedula": _l("Cédula"), "channel": _l("Channel"),
    "claimed_at": _l("Added to your account on"),
    "code": _l("Tracking code"), "consent_form": _l("How the consent was given"),
    "consented_at": _l("Consent given on"), "counter_of": _l("Counter of"),
    "infocentro": _l("Infocentro"), "phone": _l("Phone number"),
    "place_code": _l("INEC code of the place"), "postal_address": _l("Postal address"),
    "reach_by": _l("How you are told of the answer"), "second_factor": _l("Second factor"), "comment_id": _l("Comment number"),
    "consultation": _l("Consultation"), "consultation_id": _l("Consultation number"),
    "contact_email": _l("Contact email address"), "created_at": _l("Created on"),
    "deleted_at": _l("Deleted on"), "description": _l("Description"), "details": _l("Details"),
    "display_name": _l("Name shown publicly"), "edited_at": _l("Edited on"),
    "email": _l("Email address"), "enabled": _l("On"), "format_wanted": _l("Format wanted"),
    "full_name": _l("Full name"), "global_role": _l("Role on the platform"),
    "hidden_at": _l("Hidden on"), "hidden_reason": _l("Reason for hiding it"),
    "institution": _l("Institution"), "institution_id": _l("Institution number"),
    "ip": _l("Network address"), "issued_on": _l("Issued on"), "item_id": _l("Item number"),
    "key_starts_with": _l("Key starts with"), "kind": _l("Kind"), "language": _l("Language"),
    "last_changed_at": _l("Last changed on"), "last_seen_at": _l("Last seen on"),
    "last_sign_in_at": _l("Last sign-in"), "latitude": _l("Latitude"),
    "longitude": _l("Longitude"), "mail": _l("Mail"), "mail_kind": _l("Mail about"), "method": _l("Method"),
    "name": _l("Name"), "network": _l("Network"), "note": _l("Note"),
    "notice_version": _l("Version of the privacy notice"), "outcome": _l("Outcome"),
    "place": _l("Place"), "planned_on": _l("Planned for"), "proposal": _l("Proposal"),
    "proposal_id": _l("Proposal number"),
    "province": _l("Province"), "published_at": _l("Published on"), "purpose": _l("Purpose"),
    "question": _l("Question"), "rating": _l("Rating"), "rating_comment": _l("Comment on the rating"),
    "read_at": _l("Read on"), "reason": _l("Reason"), "rejection_reason": _l("Reason for refusing it"),
    "relation": _l("Relation"), "reply_to": _l("In reply to comment number"),
    "request_id": _l("Request number"), "reuse_id": _l("Reuse number"), "review": _l("Review"),
    "revoked_at": _l("Revoked on"), "role": _l("Role"), "sent_at": _l("Sent on"),
    "since": _l("Since"), "stance": _l("Stance"), "state": _l("State"), "status": _l("Status"),
    "stopped_since": _l("Stopped since"), "subject": _l("Subject"), "summary": _l("Summary"),
    "suspended_you": _l("You were suspended"), "text": _l("Text"), "title": _l("Title"),
    "topic": _l("Topic"), "type": _l("Type"), "until": _l("Until"), "url": _l("Address"),
    "used_at": _l("Used on"), "verified_at": _l("Verified on"), "verified_by": _l("Verified by"),
    "voted_at": _l("Voted on"), "what": _l("What"), "who": _l("Who"),
    "withdrawn_at": _l("Withdrawn on"), "you_claimed_a_cedula": _l("You claimed a cédula"),
    "you_decided": _l("You decided"), "you_registered_it": _l("You registered it"),
    "you_reviewed_it": _l("You reviewed it"), "you_suspended_someone": _l("You suspended someone"),
    "your_cedula_is_claimed": _l("Your cédula is claimed"), "yours": _l("Yours"),
    "priority": _l("Priority attention"), "priority_group": _l("Group of priority attention"),
    "priority_other": _l("Other situation"), "priority_consent": _l("Consent given"),
    "priority_consent_at": _l("Consent given on"), "marked": _l("Marked"),
    "consent": _l("Consent given"),
}

# Values that are words of the application, not of the person.
WORDS = {"you": _l("you"), "filed": _l("filed by you"), "assigned": _l("assigned to you"),
         "off": _l("off"), "filed_for_you": _l("filed for you"),
         "you_filed": _l("filed by you for someone"), "you_called": _l("you called"),
         "called_you": _l("a call to you")}


def _enum_labels() -> dict:
    from participa import labels
    from participa.assisted import labels as assisted_labels
    from participa.mail_preferences import KIND_NAMES
    from participa.observatory import labels as observatory_labels
    from participa.verification import labels as verification_labels

    found: dict = dict(KIND_NAMES)
    for module in (labels, assisted_labels, observatory_labels, verification_labels):
        for name in dir(module):
            table = getattr(module, name)
            if name.endswith("_LABELS") and isinstance(table, dict):
                found.update({k: v for k, v in table.items() if isinstance(k, enum.Enum)})
    return found


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key.replace("_", " ")))


def value_text(key: str, value) -> str:
    """A value as a person reads it, in the reader's language and Ecuador's time."""
    from participa.labels import action_label, target_label

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value, "long")
    if isinstance(value, date):
        return format_date(value, "long")
    if isinstance(value, enum.Enum):
        return str(_enum_labels().get(value, value.value))
    if isinstance(value, float):
        return format_decimal(value)
    if key == "action" and isinstance(value, str):
        return str(action_label(value))
    if key == "about" and value != "you":
        return str(target_label(value))
    if isinstance(value, str) and value in WORDS:
        return str(WORDS[value])
    return str(value)


def readable_sections(user) -> list[tuple[object, list[list[tuple[str, str]]]]]:
    """Every section of "My data" as (exporter, rows), each row a list of (label, text)."""
    from participa.privacy.registry import EXPORTERS

    return [(item, [[(field_label(key), value_text(key, value)) for key, value in row.items()]
                    for row in item.export(user)])
            for item in EXPORTERS.values()]
