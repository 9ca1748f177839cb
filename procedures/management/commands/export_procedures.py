"""Export every procedure as the flat workbook (.xlsx) or its procedures sheet (.csv)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from procedures.importing import export


class Command(BaseCommand):
    help = "Export the procedures to FILE (.xlsx: every sheet; .csv: the procedures sheet)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        records = export.export_records()
        with path.open("wb") as output:
            if path.suffix.lower() == ".csv":
                export.export_csv(records, output)
            else:
                export.export_xlsx(records, output)
        self.stdout.write(f"{len(records)} thủ tục → {path}")
