"""ASGI entry point: the tutorial's WebSocket routing, and GET /stats for the benchmarks."""
import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchpeer.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from chat import consumers  # noqa: E402

websocket_urlpatterns = [
    re_path(r"ws/chat/(?P<room_name>\w+)/$", consumers.ChatConsumer.as_asgi()),
]


async def layer_counts():
    layer = get_channel_layer()
    if hasattr(layer, "groups") and isinstance(layer.groups, dict):
        layer._clean_expired()
        return len(layer.groups), len(layer.channels)
    # channels_redis: count the layer's group keys and channel queues under its prefix
    import redis.asyncio as aioredis

    client = aioredis.from_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
    try:
        groups = [k async for k in client.scan_iter(match=layer.prefix + ":group:*", count=1000)]
        everything = [k async for k in client.scan_iter(match=layer.prefix + ":*", count=1000)]
        return len(groups), len(everything) - len(groups)
    finally:
        await client.close()


async def http_app(scope, receive, send):
    if scope["path"] != "/stats":
        await django_asgi_app(scope, receive, send)
        return
    groups, channels = await layer_counts()
    body = json.dumps({
        "connections": consumers.CONNECTIONS[0],
        "groups": groups,
        "channels": channels,
    }).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


application = ProtocolTypeRouter({
    "http": http_app,
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
})
