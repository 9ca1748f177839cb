"""Build the demo site from the source document and the data files shipped with the apps."""

from django.core.management.base import BaseCommand
from django.db import transaction

from cchc_pages import demo as cchc_demo
from home import demo as home_demo
from procedures import demo as procedures_demo


class Command(BaseCommand):
    help = "Create or update the demo content. Running it again changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = home_demo.load_home(self.stdout)
            procedures_demo.load(home, self.stdout)
            home_demo.feature_procedures(home, self.stdout)
            cchc_demo.load(home, self.stdout)
        home_demo.ensure_demo_admin(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
