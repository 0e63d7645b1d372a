from django.urls import path

from .views import assessments, disbursements, incidents
from .views import exports as export_views
from .views import protection as protection_views

app_name = "emergency"

urlpatterns = [
    path("", incidents.incident_list, name="index"),
    path("su-kien/moi/", incidents.incident_create, name="incident_create"),
    path("su-kien/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("su-kien/<int:pk>/sua/", incidents.incident_edit, name="incident_edit"),
    path("su-kien/<int:pk>/ket-thuc/", incidents.incident_close, name="incident_close"),
    path("su-kien/<int:pk>/dia-ban/<int:area_pk>/", incidents.area_update, name="area_update"),
    path("su-kien/<int:pk>/xa/<int:commune_pk>/danh-gia/moi/", assessments.assessment_create, name="assessment_create"),
    path("su-kien/<int:pk>/xa/<int:commune_pk>/tim-ho/", assessments.household_search, name="household_search"),
    path("danh-gia/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("danh-gia/<int:pk>/sua/", assessments.assessment_edit, name="assessment_edit"),
    path("danh-gia/<int:pk>/doi-ho/", assessments.assessment_household, name="assessment_household"),
    path("danh-gia/<int:pk>/nguoi/", assessments.person_add, name="person_add"),
    path("danh-gia/<int:pk>/nguoi/<int:person_pk>/xoa/", assessments.person_remove, name="person_remove"),
    path("danh-gia/<int:pk>/khoan/<int:line_pk>/so-tien/", assessments.line_amount, name="line_amount"),
    path("danh-gia/<int:pk>/khoan/<int:line_pk>/cap-phat/", disbursements.disbursement_create, name="disburse"),
    path("danh-gia/<int:pk>/<slug:action>/", assessments.assessment_step, name="assessment_step"),
    # exports and protection (E2)
    path("su-kien/<int:pk>/tong-hop.xlsx", export_views.incident_summary_xlsx, name="incident_summary_xlsx"),
    path("su-kien/<int:pk>/danh-sach-thon.xlsx", export_views.village_list_xlsx, name="village_list_xlsx"),
    path("nguoi/<int:pk>/mau-04/", export_views.death_form_print, name="death_form_print"),
    path("cham-soc-tam-thoi/", protection_views.protection_list, name="protection_list"),
    path("cham-soc-tam-thoi/moi/", protection_views.protection_create, name="protection_create"),
    path("cham-soc-tam-thoi/<int:pk>/", protection_views.protection_detail, name="protection_detail"),
    path("cham-soc-tam-thoi/<int:pk>/gia-han/", protection_views.protection_extend, name="protection_extend"),
    path("cham-soc-tam-thoi/<int:pk>/chuyen-ho/", protection_views.protection_move, name="protection_move"),
    path("cham-soc-tam-thoi/<int:pk>/ket-thuc/", protection_views.protection_end, name="protection_end"),
]
