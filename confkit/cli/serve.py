"""`confkit serve`: the recap site on this machine only, to look at before publishing it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from confkit.cli.app import LangOpt, app, fallback_lang, guarded, say


@app.command()
def serve(folder: Annotated[Path, typer.Argument(help="The site's folder (OUT/site).", show_default=False)],
          port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free one).")] = 8000,
          lang: LangOpt = None) -> None:
    """Serve FOLDER on http://127.0.0.1:PORT/ until Ctrl-C; opens nothing, listens to no other machine.

    Example: confkit serve out/site --port 8000
    """
    from confkit.site import serving

    shown = lang.value if lang else fallback_lang()
    server = guarded(lambda: serving.server(folder, port), lang)
    typer.echo(say("serving", shown, url=f"http://127.0.0.1:{server.server_port}/", folder=folder))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
