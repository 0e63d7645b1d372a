"""The portal's modules, in menu order. A module not yet built points at its "coming soon" page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    slug: str
    title: str
    icon: str
    url_name: str | None  # None: not built yet
    permission: str | None = None

    @property
    def url(self) -> str:
        if self.url_name:
            return reverse(self.url_name)
        return reverse("core:coming_soon", kwargs={"slug": self.slug})


MODULES = [
    Module("doi-tuong", _("Đối tượng"), "people", "beneficiaries:person_list", "beneficiaries.view_person"),
    Module("ho-so", _("Hồ sơ"), "folder2-open", "dossiers:dossier_list", "dossiers.view_dossier"),
    Module("chi-tra", _("Chi trả"), "cash-stack", "payments:roll_list", "payments.view_paymentroll"),
    Module("khan-cap", _("Trợ giúp khẩn cấp"), "life-preserver", None),
    Module("co-so", _("Cơ sở trợ giúp xã hội"), "house-heart", None),
    Module("bao-cao", _("Báo cáo"), "bar-chart-line", None),
    Module("chinh-sach", _("Chính sách"), "journal-text", "policy:overview", "policy.view_standardlevel"),
    Module("danh-muc", _("Danh mục"), "diagram-3", "locations:unit_list", "locations.view_administrativeunit"),
]

# What each unbuilt module will do, shown on its page so users know what is coming.
COMING = {
    "khan-cap": _("Sự kiện thiên tai, đánh giá thiệt hại hộ gia đình, đề xuất và cấp phát trợ giúp khẩn cấp."),
    "co-so": _("Danh mục cơ sở, tiếp nhận, rời cơ sở và trợ cấp nuôi dưỡng hằng tháng."),
    "bao-cao": _("Báo cáo mẫu 10a–10d, báo cáo tổng hợp của tỉnh và biểu đồ."),
}


def modules_for(user) -> list[Module]:
    return [m for m in MODULES if m.permission is None or user.has_perm(m.permission)]


def module_by_slug(slug: str) -> Module | None:
    return next((m for m in MODULES if m.slug == slug), None)
