"""Demo content of the plugin, for a host site: the procedures and the CCHC section.

The portal's own `load_demo_content` builds its home page first; a host site that installs the
plugin already has one, so this command puts the content under the root page of a site.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from procedures import demo as procedures_demo

from ... import demo as cchc_demo


class Command(BaseCommand):
    help = (
        "Create or update the plugin's demo content (procedures and the CCHC section) under the "
        "root page of a site. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", metavar="HOSTNAME", help="The site's hostname (default: the default site)."
        )

    def handle(self, *args, **options):
        sites = Site.objects.select_related("root_page")
        site = (
            sites.filter(hostname=options["site"]).first()
            if options["site"]
            else sites.filter(is_default_site=True).first()
        )
        if site is None:
            raise CommandError(f"No site {options['site'] or '(default)'}.")
        with transaction.atomic():
            root = site.root_page.specific
            procedures_demo.load(root, self.stdout)
            cchc_demo.load(root, self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo content is ready under “{root.title}”."))
