from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """For load balancers and the benchmark: the full middleware stack, no database."""
    return HttpResponse("ok", content_type="text/plain")
