"""Backup and restore of the whole site: database content and media files in one archive.

The archive is a gzipped tar holding ``manifest.json`` (format, date, database, row counts per
model), ``data.json`` (``dumpdata`` of every model, content types and permissions included, with
their primary keys) and ``media/…`` (every file in the default storage: local disk or S3).

Restore migrates the target database, empties it, loads ``data.json`` in one transaction, writes
the media files back under their original names, rebuilds the search index and checks that
every model has the row count the manifest promises. Search index rows, sessions and login
attempt logs are not backed up: the index is rebuilt, the others are transient.
"""

import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "cchc-site-backup"
FORMAT_VERSION = 1
EXCLUDED_APPS = {"modelsearch", "sessions", "axes"}
EXCLUDED_MODELS = {"wagtailsearch.indexentry", "wagtailsearch.sqliteftsindexentry"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in plain words."""


def _dependencies(model, included):
    """The included models this one points to with a foreign key (parents included)."""
    targets = set()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.remote_field and field.related_model in included:
            targets.add(field.related_model)
    targets.discard(model)
    return targets


def backed_up_models():
    """Models whose rows go into the archive, each after the models it points to.

    Loading in this order matters because some apps' post_save handlers (wagtail-localize's)
    read related rows even while fixtures load. Cycles (page ↔ revision) are broken by name.
    """
    included = set()
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed:
            continue
        if model._meta.app_label in EXCLUDED_APPS or label in EXCLUDED_MODELS:
            continue
        included.add(model)
    pending = {model: _dependencies(model, included) for model in included}
    ordered = []
    while pending:
        ready = sorted(
            (m for m, deps in pending.items() if not deps - set(ordered)), key=lambda m: m._meta.label_lower
        )
        if not ready:  # a cycle: take the model with the fewest unmet dependencies
            ready = [min(pending, key=lambda m: (len(pending[m] - set(ordered)), m._meta.label_lower))]
        for model in ready:
            ordered.append(model)
            del pending[model]
    return ordered


def model_counts():
    return {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}


def _storage_files(storage, path=""):
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from _storage_files(storage, f"{path}/{directory}" if path else directory)


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def create_backup(archive_path, storage=None, stdout=None):
    """Write the archive; returns the manifest."""
    storage = storage or default_storage
    labels = [m._meta.label for m in backed_up_models()]
    archive_path = Path(archive_path)
    with tempfile.TemporaryDirectory(prefix="cchc-backup-") as tmp:
        data_path = Path(tmp) / "data.json"
        with transaction.atomic():  # one consistent snapshot of the counts and the data
            counts = model_counts()
            call_command("dumpdata", *labels, output=str(data_path), verbosity=0)
        media = list(_storage_files(storage))
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "counts": counts,
            "media_files": len(media),
        }
        partial = archive_path.with_name(archive_path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
            tar.add(data_path, arcname="data.json")
            for name in media:
                with storage.open(name, "rb") as handle:
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = storage.size(name)
                    tar.addfile(info, handle)
        os.replace(partial, archive_path)
    if stdout:
        stdout.write(
            f"{archive_path}: {counts.get('wagtailcore.page', 0)} pages, "
            f"{counts.get('wagtailcore.revision', 0)} revisions, "
            f"{counts.get('wagtaildocs.document', 0)} documents, {len(media)} media files"
        )
    return manifest


def read_manifest(tar):
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, json.JSONDecodeError) as error:
        raise BackupError("Not a site backup: manifest.json is missing or unreadable.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"Unsupported backup format: {manifest.get('format')} {manifest.get('version')}.")
    return manifest


def database_has_content():
    from django.contrib.auth import get_user_model
    from wagtail.models import Revision

    return get_user_model().objects.exists() or Revision.objects.exists()


def flush_database():
    """Empty every table, also inside an open transaction on PostgreSQL.

    PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks pending (rows that
    ``migrate`` just wrote in the same transaction), so the checks run first; afterwards they are
    deferred again, as ``loaddata`` expects.
    """
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore_backup(archive_path, storage=None, force=False, migrate=True, rebuild_index=True, stdout=None):
    """Restore the archive into this database and storage; returns the manifest."""
    storage = storage or default_storage
    with tarfile.open(archive_path, "r:gz") as tar:
        manifest = read_manifest(tar)
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        if database_has_content() and not force:
            raise BackupError(
                "The database already has users or revisions; restore into an empty database, "
                "or pass --force to replace everything in it."
            )
        with tempfile.TemporaryDirectory(prefix="cchc-restore-") as tmp:
            member = tar.getmember("data.json")
            tar.extract(member, tmp, filter="data")
            with transaction.atomic():
                flush_database()
                call_command("loaddata", str(Path(tmp) / "data.json"), verbosity=0)
                counts = model_counts()
                different = {
                    label: (expected, counts.get(label))
                    for label, expected in manifest["counts"].items()
                    if counts.get(label) != expected
                }
                if different:
                    raise BackupError(f"Row counts differ after loading (expected, found): {different}")
        restored_files = 0
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith("media/"):
                continue
            name = member.name.removeprefix("media/")
            if ".." in Path(name).parts or name.startswith("/"):
                raise BackupError(f"Unsafe file name in the archive: {member.name}")
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(tar.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"Media file {name} was stored as {saved}.")
            restored_files += 1
    if rebuild_index:
        call_command("update_index", verbosity=0)
    from home.cache import purge_page_cache

    purge_page_cache()
    if stdout:
        stdout.write(
            f"Restored {manifest['counts'].get('wagtailcore.page', 0)} pages, "
            f"{manifest['counts'].get('wagtailcore.revision', 0)} revisions, "
            f"{manifest['counts'].get('wagtaildocs.document', 0)} documents and "
            f"{restored_files} media files from the backup of {manifest['created']}."
        )
    return manifest
