from django.urls import path

from .views import people

app_name = "beneficiaries"
urlpatterns = [
    path("", people.person_list, name="person_list"),
    path("<int:pk>/", people.person_detail, name="person_detail"),
]
