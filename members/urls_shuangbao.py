app_name = "shuangbao"

urlpatterns = []
