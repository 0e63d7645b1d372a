from django.urls import path

from .views import rolls

app_name = "payments"
urlpatterns = [
    path("", rolls.roll_list, name="roll_list"),
]
