"""Datasette plugin of the archive: search engines keep out. `/robots.txt` disallows every
path, every response says `X-Robots-Tag: noindex, nofollow` (CSV and JSON included), and
every HTML page carries the same as a meta tag (templates/base.html): the archive is a
research tool, not a mirror of nato.int to be indexed."""

from datasette import hookimpl
from datasette.utils.asgi import Response

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
ROBOTS_HEADER = (b"x-robots-tag", b"noindex, nofollow")


@hookimpl
def register_routes():
    return [(r"^/robots\.txt$", lambda: Response.text(ROBOTS_TXT))]


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def tagged(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)

            async def send_tagged(message):
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [*message.get("headers", []), ROBOTS_HEADER]}
                await send(message)

            await app(scope, receive, send_tagged)

        return tagged

    return wrap
