"""How much of the admin's text is Vietnamese: the packages' own catalogues plus ours.

Run after upgrading Wagtail, wagtail-localize, django-import-export, django-taggit or
django-filter:

    .venv/bin/python manage.py check_admin_translations            # figures per package
    .venv/bin/python manage.py check_admin_translations --missing  # and the untranslated msgids
    .venv/bin/python manage.py check_admin_translations --write-missing /tmp/missing.po

The msgids come from the installed sources, not from the packages' shipped .po files (which
can be stale): each package is copied to a temporary folder and `django-admin makemessages`
extracts its Python and template strings. The JavaScript strings come from the packages'
English djangojs.po, which is generated from their (unshipped) JS sources at release time.
A msgid counts as translated if the Vietnamese .mo of an installed package (or Django's own)
translates it (Django merges all catalogues of a domain), if site/locale_wagtail does, or if one of
the project's own catalogues does (column "project": a msgid our code shares with Wagtail, which
site/locale_wagtail leaves to the project so as not to replace the project's word).
Exits with an error when something is missing.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

HERE = Path(settings.BASE_DIR) / "site" / "locale_wagtail" / "vi" / "LC_MESSAGES"
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
PACKAGES = ["wagtail", "wagtail_localize", "import_export", "taggit", "django_filters"]
JS_CATALOGUES = {
    "wagtail.admin (js)": "wagtail/admin/locale/en/LC_MESSAGES/djangojs.po",
    "wagtail_localize (js)": "wagtail_localize/locale/en/LC_MESSAGES/djangojs.po",
}


def extract(workdir):
    """{package label: [POEntry]} for the django domain, from a fresh makemessages run."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    django_admin = Path(sys.executable).with_name("django-admin")
    catalogues = {}
    for package in PACKAGES:
        source = SITE_PACKAGES / package
        if not source.exists():
            continue
        target = workdir / package
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
        for locale_dir in target.rglob("locale"):
            for language in locale_dir.iterdir():
                if language.is_dir():
                    shutil.rmtree(language)
        (target / "locale").mkdir(exist_ok=True)
        subprocess.run(
            [str(django_admin), "makemessages", "-l", "vi", "--no-obsolete", "--add-location", "file"]
            + ["--ignore=test", "--ignore=tests", "--ignore=test_*", "--ignore=node_modules"],
            cwd=target,
            env=env,
            check=True,
            capture_output=True,
        )
        for po_path in sorted(workdir.glob(f"{package}/**/locale/vi/LC_MESSAGES/django.po")):
            label = str(po_path.relative_to(workdir)).split("/locale/")[0].replace("/", ".")
            catalogues[label] = [entry for entry in polib.pofile(str(po_path)) if not entry.obsolete]
    return catalogues


def installed_locale_dirs():
    """The locale folders Django reads at run time: every installed app's, then Django's own."""
    dirs = [Path(app.path) / "locale" for app in apps.get_app_configs()]
    dirs += [Path(path) for path in settings.LOCALE_PATHS if Path(path) != HERE.parent.parent]
    return [*dirs, Path(django.__file__).parent / "conf" / "locale"]


def translated_keys(domain, locale_dirs, packaged):
    """(msgctxt, msgid) pairs translated by the packages' catalogues (or by the project's own)."""
    keys = set()
    for locale_dir in locale_dirs:
        mo_path = locale_dir / "vi" / "LC_MESSAGES" / f"{domain}.mo"
        if locale_dir.is_relative_to(SITE_PACKAGES) != packaged or not mo_path.exists():
            continue
        for entry in polib.mofile(str(mo_path)):
            if entry.msgstr or any(entry.msgstr_plural.values()):
                keys.add((entry.msgctxt, entry.msgid))
    return keys


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="list the untranslated msgids")
        parser.add_argument(
            "--write-missing", metavar="PO", help="write the untranslated msgids to a .po file"
        )

    def handle(self, *args, **options):
        missing = report(self.stdout.write, options["missing"], options["write_missing"])
        if missing:
            raise CommandError(f"{missing} msgids have no Vietnamese translation.")


def report(write, list_missing, write_missing):
    """Print coverage per package; return the number of untranslated msgids."""

    with tempfile.TemporaryDirectory(prefix="locale-wagtail-") as tmp:
        catalogues = extract(Path(tmp))
    for label, relative in JS_CATALOGUES.items():
        if (SITE_PACKAGES / relative).exists():
            catalogues[label] = list(polib.pofile(str(SITE_PACKAGES / relative)))

    locale_dirs = installed_locale_dirs()
    upstream = {domain: translated_keys(domain, locale_dirs, True) for domain in ("django", "djangojs")}
    project = {domain: translated_keys(domain, locale_dirs, False) for domain in ("django", "djangojs")}
    ours = {
        domain: {(e.msgctxt, e.msgid) for e in polib.pofile(str(HERE / f"{domain}.po")) if e.translated()}
        for domain in ("django", "djangojs")
    }
    missing_po = polib.POFile()
    missing_po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "vi"}
    totals = [0, 0, 0]
    write(
        f"{'package':40s} {'msgids':>6s} {'upstream':>8s} {'ours':>6s} {'project':>7s} {'missing':>7s}"
        "  coverage"
    )
    for label, entries in catalogues.items():
        domain = "djangojs" if label.endswith("(js)") else "django"
        keys = {(e.msgctxt, e.msgid): e for e in entries}
        by_upstream = {key for key in keys if key in upstream[domain]}
        by_ours = {key for key in keys if key in ours[domain] and key not in by_upstream}
        by_project = {key for key in keys if key in project[domain] and key not in by_upstream | by_ours}
        missing = [entry for key, entry in keys.items() if key not in by_upstream | by_ours | by_project]
        covered = len(by_upstream) + len(by_ours) + len(by_project)
        write(
            f"{label:40s} {len(keys):6d} {len(by_upstream):8d} {len(by_ours):6d} {len(by_project):7d}"
            f" {len(missing):7d}"
            f"  {covered}/{len(keys)} ({100 * covered / max(len(keys), 1):.1f}%)"
        )
        totals[0] += len(keys)
        totals[1] += covered
        totals[2] += len(missing)
        for entry in missing:
            if list_missing:
                context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
                write(f"    {entry.msgid!r}{context}")
            entry.comment = f"{label} ({domain})"
            entry.occurrences = []
            missing_po.append(entry)
    write(f"{'total':40s} {totals[0]:6d} {'':8s} {'':6s} {'':7s} {totals[2]:7d}  {totals[1]}/{totals[0]}")
    if write_missing:
        missing_po.save(write_missing)
    return totals[2]
