from django.urls import path

from .views import imports, life_events, people

app_name = "beneficiaries"
urlpatterns = [
    path("", people.person_list, name="person_list"),
    path("<int:pk>/", people.person_detail, name="person_detail"),
    path("dang-ky/", people.person_create, name="person_create"),
    path("dang-ky-ho/", people.household_create, name="household_create"),
    path("kiem-tra-trung/", people.person_duplicates, name="person_duplicates"),
    path("<int:pk>/sua/", people.person_edit, name="person_edit"),
    path("nhap-excel/", imports.import_upload, name="import_upload"),
    path("nhap-excel/mau/", imports.import_template, name="import_template"),
    path("nhap-excel/<int:pk>/", imports.import_detail, name="import_detail"),
    path("nhap-excel/<int:pk>/luu/", imports.import_commit, name="import_commit"),
    path("nhap-excel/<int:pk>/tep-danh-dau/", imports.import_marked, name="import_marked"),
    path("<int:pk>/su-kien/", life_events.life_event_create, name="life_event_create"),
    path("su-kien/thon-ap/", life_events.life_event_villages, name="life_event_villages"),
    path("bien-dong/", life_events.watchlist, name="watchlist"),
]
