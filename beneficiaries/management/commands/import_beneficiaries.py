from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from accounts.selectors import assignment_list_for_user
from beneficiaries.models import ImportBatch
from beneficiaries.services.imports import PERMISSION, import_save, import_validate
from locations.models import AdministrativeUnit, Level


class Command(BaseCommand):
    help = (
        "Nhập danh sách đối tượng đang hưởng trợ cấp từ tệp Excel theo mẫu (SPEC §4) vào một xã: kiểm tra mọi dòng, "
        "in từng lỗi theo dòng và cột, rồi lưu các dòng hợp lệ (hoặc không lưu gì với --all-or-nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx theo mẫu nhập")
        parser.add_argument("--commune", required=True, help="Mã xã nhận dữ liệu (cột «Mã xã» phải là mã này)")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="Chỉ lưu khi mọi dòng hợp lệ; có một dòng lỗi thì không lưu gì",
        )
        parser.add_argument("--user", help="Tên đăng nhập của cán bộ ghi vào lịch sử (mặc định: hệ thống)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        commune = self._commune(options["commune"])
        actor = self._actor(options["user"], commune) if options["user"] else None
        mode = ImportBatch.Mode.ALL_OR_NOTHING if options["all_or_nothing"] else ImportBatch.Mode.VALID_ROWS
        with path.open("rb") as handle:
            try:
                batch = import_validate(actor=actor, unit=commune, uploaded_file=File(handle, name=path.name))
            except ValidationError as exc:
                for message in exc.messages:
                    self.stderr.write(f"Tệp: {message}")
                raise CommandError("Không nhập được tệp.") from None
        try:
            batch = import_save(actor=actor, batch=batch, mode=mode)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        for error in batch.errors:
            self.stdout.write(f"Dòng {error['row']}, cột «{error['column']}»: {error['message']}")
        rows_with_errors = len({error["row"] for error in batch.errors})
        self.stdout.write(
            f"Đã kiểm tra {batch.rows_total} dòng: {batch.rows_valid} hợp lệ, {rows_with_errors} có lỗi "
            f"({len(batch.errors)} lỗi). Lần nhập số {batch.pk}."
        )
        if batch.status != ImportBatch.Status.SAVED:
            raise CommandError("Không lưu dòng nào.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã lưu: {batch.rows_created} chế độ mới, {batch.rows_unchanged} dòng đã có từ trước (không thay đổi)."
            )
        )

    def _commune(self, code: str) -> AdministrativeUnit:
        communes = list(AdministrativeUnit.objects.filter(level=Level.COMMUNE, code=code.strip()))
        if len(communes) > 1:
            today = timezone.localdate()
            communes = [commune for commune in communes if commune.valid_on(today)]
        if not communes:
            raise CommandError(f"Mã xã «{code}» không có trong danh mục đơn vị hành chính.")
        if len(communes) > 1:
            raise CommandError(f"Mã xã «{code}» có ở nhiều cấu trúc hành chính đang hiệu lực.")
        return communes[0]

    def _actor(self, username: str, commune: AdministrativeUnit) -> User:
        """The named officer, working in an assignment that may import into `commune`."""
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        for assignment in assignment_list_for_user(user):
            user.active_assignment = assignment
            if hasattr(user, "_perm_cache"):
                del user._perm_cache
            if hasattr(user, "_group_perm_cache"):
                del user._group_perm_cache
            if user.has_perm(PERMISSION) and (assignment.unit == commune or assignment.unit == commune.parent):
                return user
        raise CommandError(f"Tài khoản «{username}» không được nhập dữ liệu cho xã {commune.name}.")
