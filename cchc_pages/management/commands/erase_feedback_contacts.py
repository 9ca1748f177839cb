"""Erase the name and contact details of feedback older than the retention period.

Nghị định 13/2023/NĐ-CP: personal data is kept only as long as needed. Run it daily (cron).
The period is CCHC_FEEDBACK_RETENTION_DAYS (default 365); --days overrides it.
"""

from django.core.management.base import BaseCommand, CommandError

from cchc_pages.submissions import erase_expired_contacts


class Command(BaseCommand):
    help = "Erase names and contact details of feedback older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Retention period in days.")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days phải là số không âm.")
        count = erase_expired_contacts(days=days)
        self.stdout.write(f"Đã xóa thông tin liên hệ của {count} phản ánh.")
