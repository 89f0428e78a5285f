"""`homecase api-token <email> [--name NAME]`: issue an API token for a staff member and print
it, once (only its hash is kept). `--revoke PREFIX` revokes one of their tokens instead."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homecase.accounts.models import User
from homecase.api import services
from homecase.api.selectors import api_tokens_of
from homecase.common.errors import DomainError


class Command(BaseCommand):
    help = "Issue an API token for a staff member (printed once), or revoke one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The staff member's email address.")
        parser.add_argument("--name", default="API client", help="What the token is for.")
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke this token instead.")

    def handle(self, *args, email: str, name: str, revoke: str | None, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no account with the email address {email}.")
        try:
            if revoke:
                self._revoke(user, revoke)
            else:
                self._issue(user, name)
        except DomainError as error:
            raise CommandError(error.message) from None

    def _issue(self, user: User, name: str) -> None:
        issued = services.api_token_issue(actor=None, user=user, name=name)
        self.stderr.write(f"Token '{issued.token.name}' for {user.email}. Keep it safe: it is")
        self.stderr.write("shown only now and cannot be read back.")
        self.stdout.write(issued.key)

    def _revoke(self, user: User, prefix: str) -> None:
        prefix = prefix.removeprefix("hc_").split("_")[0]
        token = api_tokens_of(user=user).filter(key_prefix=prefix).first()
        if token is None:
            raise CommandError(f"{user.email} has no token starting hc_{prefix}.")
        services.api_token_revoke(actor=None, token=token)
        self.stdout.write(f"Token hc_{prefix} ({token.name}) revoked.")
