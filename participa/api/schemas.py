"""JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of what the public API answers: the
components of /api/v1/openapi.json. A test checks every response against them."""
from __future__ import annotations


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


TIME = {"type": "string", "format": "date-time", "description": "UTC, ISO 8601"}
DAY = {"type": "string", "format": "date"}
URL = {"type": "string", "format": "uri"}
TEXT = {"type": "string"}
INT = {"type": "integer", "minimum": 0}
DECISION = {"enum": ["incorporated", "partly", "not_incorporated", None]}


def obj(properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties,
              "required": list(properties), "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def page_of(name: str) -> dict:
    return obj({"data": {"type": "array", "items": ref(name)},
                "next": nullable(URL | {"description": "The next page, or null on the last"})})


OUTCOME = nullable(obj({"decision": DECISION, "reason": TEXT}))

COMPONENTS = {
    "Error": obj({"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "integer"}, "message": TEXT,
                       "fields": {"type": "object",
                                  "additionalProperties": {"type": "string"}}}}}),
    "Institution": obj({"acronym": TEXT, "name": TEXT, "sector": TEXT, "url": URL}),
    "Consultation": obj({
        "id": INT, "institution": TEXT, "title": TEXT, "summary": TEXT, "topic": TEXT,
        "phase": {"enum": ["open", "closed", "outcome"]},
        "opens_at": TIME, "closes_at": TIME, "outcome_published_at": nullable(TIME),
        "page": URL,
        "links": obj({"self": URL, "sections": URL, "comments": URL, "questions": URL,
                      "outcome": nullable(URL)}),
    }),
    "Section": obj({
        "id": INT, "position": INT, "number": nullable(INT), "heading": TEXT,
        "body_html": TEXT, "outcome": OUTCOME,
    }, "A section or article of the draft; its outcome once the report is published."),
    "Comment": obj({
        "id": INT, "section_id": nullable(INT), "reply_to": nullable(INT),
        "author": nullable(TEXT | {"description": "A pseudonym, the same for one person "
                                                  "within one consultation"}),
        "official": {"type": "boolean"}, "stance": {"enum": ["for", "against", "neutral"]},
        "text": TEXT, "body_html": TEXT, "supports": INT, "created_at": TIME,
        "answered": {"type": "boolean"}, "outcome": OUTCOME,
    }),
    "Outcome": obj({
        "consultation_id": INT, "published_at": TIME, "summary": TEXT,
        "adopted_text_url": TEXT,
        "sections": {"type": "array", "items": obj({
            "number": nullable(INT), "heading": TEXT, "decision": DECISION, "reason": TEXT})},
        "contributions": obj({"incorporated": INT, "partly": INT, "not_incorporated": INT,
                              "none": INT}),
    }),
    "Question": obj({
        "id": INT, "position": INT, "text": TEXT, "max_choices": INT,
        "binding": {"type": "boolean"}, "results_public": {"type": "boolean"},
        "ballots": nullable(INT),
        "options": {"type": "array", "items": obj({
            "id": INT, "position": INT, "label": TEXT, "votes": nullable(INT),
            "share": nullable({"type": "number", "minimum": 0, "maximum": 1})})},
    }, "Results (ballots, votes, shares) are null until they are public."),
    "Proposal": obj({
        "id": INT, "institution": TEXT, "title": TEXT, "summary": TEXT, "body": TEXT,
        "topic": TEXT, "state": {"enum": ["open", "awaiting_answer", "answered", "archived",
                                          "withdrawn"]},
        "supports": INT, "support_threshold": INT, "published_at": TIME,
        "closes_at": nullable(TIME), "threshold_reached_at": nullable(TIME),
        "answer_due_on": nullable(DAY),
        "answer": nullable(obj({
            "outcome": {"enum": ["accepted", "rejected", "under_study", "already_planned"]},
            "text": TEXT, "answered_at": TIME, "late": {"type": "boolean"}})),
        "page": URL, "links": obj({"self": URL}),
    }),
    "InstitutionPage": page_of("Institution"),
    "ConsultationPage": page_of("Consultation"),
    "CommentPage": page_of("Comment"),
    "ProposalPage": page_of("Proposal"),
    "SectionList": obj({"data": {"type": "array", "items": ref("Section")}}),
    "QuestionList": obj({"data": {"type": "array", "items": ref("Question")}}),
}
