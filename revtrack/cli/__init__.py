"""The ``revtrack`` command line."""

from __future__ import annotations

import sys

import click

from revtrack import __version__
from revtrack.cli import check, diff, history, reextract, stories
from revtrack.cli.context import AppContext
from revtrack.errors import RevtrackError
from revtrack.paths import HOME_ENV, resolve_paths


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    default=None,
    help=f"Keep all data, config and cache in this folder (or set ${HOME_ENV}).",
)
@click.version_option(__version__, prog_name="revtrack")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """Track news articles that keep changing after publication."""
    app = AppContext(paths=resolve_paths(home))
    ctx.obj = app
    ctx.call_on_close(app.close)


for module in (stories, check, history, diff, reextract):
    for command in module.COMMANDS:
        cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user mistakes become one line on stderr, never a traceback."""
    try:
        cli.main(args=argv, prog_name="revtrack", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("revtrack: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except RevtrackError as exc:
        click.echo(f"revtrack: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("revtrack: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
