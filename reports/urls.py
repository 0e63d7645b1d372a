from django.urls import path

from .views import facility_figures, requests
from .views.dashboard import dashboard

app_name = "reports"

urlpatterns = [
    path("", requests.report_list, name="index"),
    path("yeu-cau/", requests.report_new, name="request"),
    path("<int:pk>/trang-thai/", requests.report_status, name="status"),
    path("<int:pk>/tai-ve/", requests.report_download, name="download"),
    path("<int:pk>/da-nop/", requests.report_submitted, name="submitted"),
    path("dinh-ky/", requests.report_schedule, name="schedule"),
    path("dinh-ky/lap/", requests.report_schedule_build, name="schedule_build"),
    # dashboard (D)
    path("tong-quan/", dashboard, name="dashboard"),
    path("co-so/", facility_figures.facility_figures, name="facility_figures"),
]
