"""Domain errors: raised by services and selectors, turned into 4xx or form errors by views."""


class DomainError(Exception):
    """A rule was broken; the message is plain English, fit to show the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """The input is malformed (a bad postcode, a negative number of days)."""


class NotFound(DomainError):
    """The thing does not exist, or the person asking may not know that it does."""


class PermissionDenied(DomainError):
    """The actor may not do this."""


class Conflict(DomainError):
    """The thing would clash with what is already recorded (a duplicate email)."""
