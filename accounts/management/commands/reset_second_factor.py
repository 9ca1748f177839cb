"""Turn two-step verification off for a user who lost both the phone and the backup codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.devices import remove_second_factor


class Command(BaseCommand):
    help = "Remove a user's authenticator app and backup codes, so they sign in with the password only."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user named “{username}”.") from error
        removed = remove_second_factor(user)
        self.stdout.write(f"Removed {removed} second-factor device(s) of “{username}”.")
