from django.urls import path

from .views import exports, reconciliation, rolls

app_name = "payments"
urlpatterns = [
    path("", rolls.roll_list, name="roll_list"),
    path("lap-danh-sach/", rolls.roll_generate_start, name="roll_generate_start"),
    path("tien-do/<int:job_pk>/", rolls.generation_progress, name="generation_progress"),
    path("<int:pk>/", rolls.roll_detail, name="roll_detail"),
    path("<int:pk>/lap-lai/", rolls.roll_regenerate, name="roll_regenerate"),
    path("<int:pk>/buoc/<slug:action>/", rolls.roll_step, name="roll_step"),
    path("<int:pk>/dong/<int:line_pk>/ket-qua/", rolls.line_record, name="line_record"),
    path("<int:pk>/xuat/excel/", exports.roll_export_xlsx, name="roll_export_xlsx"),
    path("<int:pk>/xuat/ky-nhan/", exports.roll_signature_sheet, name="roll_signature_sheet"),
    path("<int:pk>/xuat/chuyen-khoan/", exports.roll_bank_csv, name="roll_bank_csv"),
    path("xuat/excel/", exports.unit_roll_export_xlsx, name="unit_roll_export_xlsx"),
    path("xuat/tong-hop/", exports.month_summary, name="month_summary"),
    path("xuat/bhyt/", exports.health_insurance_list, name="health_insurance_list"),
    path("<int:pk>/doi-soat/", reconciliation.reconciliation_upload, name="reconciliation_upload"),
    path("<int:pk>/doi-soat/mau/", reconciliation.reconciliation_template, name="reconciliation_template"),
    path("doi-soat/<int:pk>/", reconciliation.reconciliation_detail, name="reconciliation_detail"),
    path("doi-soat/<int:pk>/xac-nhan/", reconciliation.reconciliation_confirm, name="reconciliation_apply"),
    path("doi-soat/<int:pk>/huy/", reconciliation.reconciliation_cancel, name="reconciliation_discard"),
]
