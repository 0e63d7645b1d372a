from django.urls import path

from . import views
from .views import admissions, registry, residents, rolls

app_name = "facilities"

urlpatterns = [
    path("", views.index, name="index"),
    path("dang-ky/", registry.facility_create_view, name="facility_create"),
    path("<int:pk>/", registry.facility_detail, name="facility_detail"),
    path("<int:pk>/sua/", registry.facility_edit, name="facility_edit"),
    path("<int:pk>/tro-cap-nuoi-duong/lap/", rolls.roll_generate, name="roll_generate"),
    path("tro-cap-nuoi-duong/", rolls.roll_list, name="roll_list"),
    path("tro-cap-nuoi-duong/<int:pk>/", rolls.roll_detail, name="roll_detail"),
    path("tro-cap-nuoi-duong/<int:pk>/duyet/", rolls.roll_approve, name="roll_approve"),
    path("tro-cap-nuoi-duong/<int:pk>/excel/", rolls.roll_xlsx, name="roll_xlsx"),
    # residents and admissions (F1)
    path("ho-so-tiep-nhan/", admissions.admission_list, name="admission_list"),
    path("ho-so-tiep-nhan/lap/", admissions.admission_create, name="admission_create"),
    path("ho-so-tiep-nhan/<int:pk>/", admissions.admission_detail, name="admission_detail"),
    path("ho-so-tiep-nhan/<int:pk>/<slug:action>/", admissions.admission_step, name="admission_step"),
    path("doi-tuong/", residents.resident_list, name="resident_list"),
    path("doi-tuong/khan-cap/", residents.resident_admit_emergency, name="resident_admit_emergency"),
    path("doi-tuong/hop-dong/", residents.resident_admit_contract, name="resident_admit_contract"),
    path("doi-tuong/theo-quyet-dinh/", residents.resident_admit_by_law, name="resident_admit_by_law"),
    path("doi-tuong/<int:pk>/", residents.resident_detail, name="resident_detail"),
    path("doi-tuong/<int:pk>/roi-co-so/", residents.resident_discharge, name="resident_discharge"),
    path("doi-tuong/<int:pk>/<slug:action>/", residents.resident_action, name="resident_action"),
]
