from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("core.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("doi-tuong/", include("beneficiaries.urls")),
    path("ho-so/", include("dossiers.urls")),
    path("chi-tra/", include("payments.urls")),
    path("khan-cap/", include("emergency.urls")),
    path("co-so/", include("facilities.urls")),
    path("bao-cao/", include("reports.urls")),
    path("chinh-sach/", include("policy.urls")),
    path("don-vi/", include("locations.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "core.views.page_not_found"
handler403 = "core.views.permission_denied"
handler500 = "core.views.server_error"
