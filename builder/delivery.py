"""How the built site's files travel: the precompressed copies the build writes beside them
(builder/precompress.py) and that the dev server (builder/serve.py) and the deploy/ settings send
as they are. Content-Encoding → suffix of the copy, best first."""

PRECOMPRESSED = {"br": ".br", "gzip": ".gz"}
