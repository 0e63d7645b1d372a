from django.urls import path

from . import views

app_name = "locations"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/dac-biet-kho-khan/", views.unit_flag, name="unit_flag"),
    path("cap-quyet-dinh/", views.deciding_level_add, name="deciding_level_add"),
    path("cap-nhat-danh-muc/", views.registry_reload, name="registry_reload"),
]
