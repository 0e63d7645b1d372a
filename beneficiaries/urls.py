from django.urls import path

app_name = "beneficiaries"
urlpatterns: list = []
