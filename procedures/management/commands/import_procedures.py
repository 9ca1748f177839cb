"""Import procedures from a decision appendix or a flat workbook (the admin's pipeline)."""

import datetime
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procedures.importing import service
from procedures.importing.service import DecisionInfo


class ProgressBar:
    """A one-line bar on a terminal; silent when the output is not a terminal."""

    def __init__(self, stream, enabled):
        self.stream = stream
        self.enabled = enabled
        self.stage = ""

    def __call__(self, done, total):
        if not self.enabled or not total:
            return
        width = 30
        filled = int(width * done / total)
        self.stream.write(f"\r{self.stage} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import procedures from the Excel appendix of a decision or from a flat workbook. "
        "Exit status 1 and nothing written when any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file.")
        parser.add_argument("--decision-number", default="", help="e.g. 512/QĐ-UBND")
        parser.add_argument("--decision-date", default="", help="YYYY-MM-DD")
        parser.add_argument("--format", choices=[service.FORMAT_DECISION, service.FORMAT_FLAT], default=None)
        parser.add_argument("--create-missing-fields", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        date = None
        if options["decision_date"]:
            try:
                date = datetime.date.fromisoformat(options["decision_date"])
            except ValueError:
                raise CommandError(
                    f"--decision-date “{options['decision_date']}” không phải ngày dạng YYYY-MM-DD"
                ) from None
        decision = None
        if options["decision_number"]:
            decision = DecisionInfo(number=options["decision_number"], date_signed=date)
        data = path.read_bytes()
        bar = ProgressBar(self.stderr._out, self.stderr.isatty())
        bar.stage = "Đọc và so sánh" if options["dry_run"] else "Nhập"
        kwargs = {
            "format": options["format"],
            "decision": decision,
            "create_missing_fields": options["create_missing_fields"],
            "progress": bar,
        }
        if decision is None:
            # The number and date printed in the appendix title, when there is one.
            preview = service.plan_import(data, path.name, **{**kwargs, "progress": None})
            if preview.format == service.FORMAT_DECISION and preview.decision_number:
                decision = DecisionInfo(
                    number=preview.decision_number, date_signed=date or preview.decision_date
                )
                kwargs["decision"] = decision
        if options["dry_run"]:
            plan = service.plan_import(data, path.name, **kwargs)
        else:
            plan = service.apply_import(data, path.name, **kwargs)
        self.report(plan, options["dry_run"])
        if plan.errors:
            sys.exit(1)

    def report(self, plan, dry_run):
        for error in plan.errors:
            self.stderr.write(str(error))
        for change in plan.changes:
            if change.kind == service.UNCHANGED:
                continue
            label = f"{change.kind}: {change.code or '-'} {change.title}"
            self.stdout.write(label)
            for field_label, before, after in change.diffs:
                self.stdout.write(f"    {field_label}: {before} → {after}")
        if plan.already_applied:
            self.stdout.write("Quyết định này đã được áp dụng; không có thay đổi.")
        elif dry_run and not plan.errors:
            self.stdout.write("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
        elif plan.errors:
            self.stdout.write("Có lỗi: không ghi gì vào cơ sở dữ liệu.")
        self.stdout.write(plan.summary_line())
