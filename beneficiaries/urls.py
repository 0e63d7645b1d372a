from django.urls import path

from .views import people

app_name = "beneficiaries"
urlpatterns = [
    path("", people.person_list, name="person_list"),
    path("<int:pk>/", people.person_detail, name="person_detail"),
    path("dang-ky/", people.person_create, name="person_create"),
    path("dang-ky-ho/", people.household_create, name="household_create"),
    path("kiem-tra-trung/", people.person_duplicates, name="person_duplicates"),
    path("<int:pk>/sua/", people.person_edit, name="person_edit"),
]
