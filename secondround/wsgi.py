import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondround.settings")
application = get_wsgi_application()

from secondround.demo.guard import refuse_demo_data_in_production  # noqa: E402

refuse_demo_data_in_production()
