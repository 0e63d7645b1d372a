"""The portal's modules, in menu order; each shows for users holding its view permission."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    slug: str
    title: str
    icon: str
    url_name: str
    permission: str | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MODULES = [
    Module("doi-tuong", _("Đối tượng"), "people", "beneficiaries:person_list", "beneficiaries.view_person"),
    Module("ho-so", _("Hồ sơ"), "folder2-open", "dossiers:dossier_list", "dossiers.view_dossier"),
    Module("chi-tra", _("Chi trả"), "cash-stack", "payments:roll_list", "payments.view_paymentroll"),
    Module("khan-cap", _("Trợ giúp khẩn cấp"), "life-preserver", "emergency:index", "emergency.view_incident"),
    Module("co-so", _("Cơ sở trợ giúp xã hội"), "house-heart", "facilities:index", "facilities.view_facility"),
    Module("bao-cao", _("Báo cáo"), "bar-chart-line", "reports:index", "reports.view_reportrequest"),
    Module("chinh-sach", _("Chính sách"), "journal-text", "policy:overview", "policy.view_standardlevel"),
    Module("danh-muc", _("Danh mục"), "diagram-3", "locations:unit_list", "locations.view_administrativeunit"),
]

# What each unbuilt module will do, shown on its page so users know what is coming.
COMING: dict[str, str] = {}


def modules_for(user) -> list[Module]:
    return [m for m in MODULES if m.permission is None or user.has_perm(m.permission)]


def module_by_slug(slug: str) -> Module | None:
    return next((m for m in MODULES if m.slug == slug), None)
