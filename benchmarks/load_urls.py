"""The load benchmark's URL map: CarePath's, plus a minimal authenticated view that does one insert.

The view is the yardstick for "log an emergency action": the same server, session, CSRF check and one row
written in a transaction, nothing else. It lives here only; the product's URL map never has it.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from carepath.urls import urlpatterns as product_urlpatterns

TABLE = "bench_minimal_insert"


@require_POST
@login_required
def minimal_insert(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (member_id, at) VALUES (%s, now())", [str(request.user.pk)])
    return HttpResponse("ok")


urlpatterns = [path("bench/minimal-insert/", minimal_insert), *product_urlpatterns]
