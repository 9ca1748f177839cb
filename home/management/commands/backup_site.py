"""Dump the whole site (database content and media files) into one archive."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from home.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the site's content and media files to one .tar.gz archive (see README, Backups)."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Archive path; default: site-backup-YYYYmmdd-HHMMSS.tar.gz in the current folder.",
        )

    def handle(self, *args, archive=None, **options):
        archive = archive or f"site-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            create_backup(archive, stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from error
