"""Domain errors raised by service functions; views turn them into messages or HTTP codes.

Messages are lazy translations so that they are rendered in the visitor's language.
"""


class DomainError(Exception):
    status_code = 400

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field  # the form field the error belongs to, when there is one


class NotFound(DomainError):
    status_code = 404


class Forbidden(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409
