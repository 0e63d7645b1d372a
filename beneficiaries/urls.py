from django.urls import path

from .views import life_events, people

app_name = "beneficiaries"
urlpatterns = [
    path("", people.person_list, name="person_list"),
    path("<int:pk>/", people.person_detail, name="person_detail"),
    path("dang-ky/", people.person_create, name="person_create"),
    path("dang-ky-ho/", people.household_create, name="household_create"),
    path("kiem-tra-trung/", people.person_duplicates, name="person_duplicates"),
    path("<int:pk>/sua/", people.person_edit, name="person_edit"),
    path("<int:pk>/su-kien/", life_events.life_event_create, name="life_event_create"),
    path("su-kien/thon-ap/", life_events.life_event_villages, name="life_event_villages"),
    path("bien-dong/", life_events.watchlist, name="watchlist"),
]
