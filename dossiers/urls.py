from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
    path("lap-moi/", views.dossier_create, name="dossier_create"),
    path("lap-moi/xem-truoc/", views.dossier_preview_partial, name="dossier_preview"),
    path("niem-yet/", views.posting_list, name="posting_list"),
    path("<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("<int:pk>/sua/", views.dossier_edit, name="dossier_edit"),
    path("<int:pk>/sua/xem-truoc/", views.dossier_preview_partial, name="dossier_edit_preview"),
    path("<int:pk>/giay-to/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/giay-to/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/buoc/<slug:action>/", views.dossier_step, name="dossier_step"),
    path("<int:pk>/ky/", views.dossier_decide, name="dossier_decide"),
    path("<int:pk>/quyet-dinh/", views.decision_print, name="decision_print"),
    path("<int:pk>/quyet-dinh.docx", views.decision_docx, name="decision_docx"),
]
