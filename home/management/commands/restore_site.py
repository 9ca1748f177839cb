"""Restore a site archive written by backup_site into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore content and media from a backup_site archive into an empty database (see README)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the .tar.gz archive written by backup_site.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already has users or revisions.",
        )
        parser.add_argument("--no-index", action="store_true", help="Do not rebuild the search index.")

    def handle(self, *args, archive, force=False, no_index=False, **options):
        try:
            restore_backup(archive, force=force, rebuild_index=not no_index, stdout=self.stdout)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
