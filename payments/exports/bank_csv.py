"""The bank transfer file (SPEC §3) for the lines paid by account (bank or e-wallet), as CSV.

UTF-8 with a byte-order mark so Excel shows Vietnamese names; comma-separated, one header row, one row per
transfer and no totals row (a bulk-transfer system would take a totals row for one more transfer). Amounts are
plain whole đồng with no separators. The transfer text is «TCXH Tmm/yyyy <name>» without diacritics, since
interbank transfer texts carry ASCII only. Fields starting with = + - @ get a leading apostrophe (SPEC §3): an
e-wallet number written `+84…` arrives as `'+84…`.
"""

import csv
from typing import IO

from unidecode import unidecode

from .cells import csv_text
from .source import ACCOUNT_METHODS, id_shown, line_rows

TITLES = ("STT", "Họ và tên", "Số định danh", "Số tài khoản", "Ngân hàng", "Số tiền", "Nội dung")
BOM = "\ufeff"


def transfer_text(month, name: str) -> str:
    return f"TCXH T{month:%m/%Y} {unidecode(name or '').strip()}"


def write_bank_csv(out: IO[str], *, roll, show_full_id: bool) -> dict:
    """Write the account lines of `roll` to the text stream `out`; return {"count", "total"}."""
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(TITLES)
    count = total = 0
    for line in line_rows([roll.pk], methods=ACCOUNT_METHODS):
        count += 1
        total += line.total
        writer.writerow(
            [
                count,
                csv_text(line.person__full_name),
                csv_text(id_shown(line.person__id_number, full=show_full_id)),
                csv_text(line.account_number),
                csv_text(line.bank_name),
                line.total,
                csv_text(transfer_text(roll.month, line.person__full_name)),
            ]
        )
    return {"count": count, "total": total}
