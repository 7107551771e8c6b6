"""The ``revtrack`` command line."""

from __future__ import annotations

import importlib
import sys

import click

from revtrack import __version__
from revtrack.cli.context import AppContext, check_store_option, hiding_password, pass_app
from revtrack.cli.failures import click_error_line, did_you_mean
from revtrack.errors import RevtrackError
from revtrack.paths import HOME_ENV, STORE_ENV, resolve_paths

# Command name -> the module under revtrack.cli that defines it (in its COMMANDS).
# Modules load only when their command runs, so `revtrack list` never imports the
# extractor, the fetcher or the TUI.
LAZY_COMMANDS = {
    "add": "stories", "list": "stories", "remove": "stories", "paths": "stories",
    "check": "check", "watch": "watch", "set": "schedule", "schedule": "schedule",
    "source": "sources", "log": "history", "show": "history", "diff": "diff",
    "reextract": "reextract", "import": "archive", "export": "archive", "demo": "demo",
    "review": "review", "report": "report", "feed": "report", "notify": "notify",
    "backfill": "backfill", "store": "store", "workers": "workers",
}  # fmt: skip


# Commands that add stories to a store: they may make a --home whose parent is missing.
CREATING_COMMANDS = frozenset({"add", "import", "source"})


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            hint = did_you_mean(name, self.list_commands(ctx))
            raise click.UsageError(f"No such command '{name}'.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module = importlib.import_module(f"revtrack.cli.{LAZY_COMMANDS[cmd_name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    default=None,
    help=f"Keep all data, config and cache in this folder (or set ${HOME_ENV}).",
)
@click.option(
    "--store",
    metavar="URL",
    default=None,
    help=(
        "Use this store: a postgresql:// URL or a SQLite file (or set"
        f" ${STORE_ENV}, or [store] url in the config; default: revtrack.db in the home)."
        " On PostgreSQL check and watch take no lock: they run as workers, on any"
        " number of machines, and lease the stories they check."
    ),
)
@click.version_option(__version__, prog_name="revtrack")
@click.pass_context
def cli(ctx: click.Context, home: str | None, store: str | None) -> None:
    """Track news articles that keep changing after publication.

    With no command on a terminal, opens the terminal UI (`revtrack tui`).
    """
    creates = ctx.invoked_subcommand in CREATING_COMMANDS
    check_store_option(store)
    app = AppContext(paths=resolve_paths(home, store), creates_home=creates)
    ctx.obj = app
    ctx.call_on_close(app.close)
    if ctx.invoked_subcommand is None:
        if on_terminal():
            ctx.invoke(tui)
        else:
            click.echo(ctx.get_help())


def on_terminal() -> bool:
    """Whether a person is at the keyboard (stdin and stdout are a TTY)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.command()
@click.option("--review", is_flag=True, help="Open straight to the review queue.")
@pass_app
def tui(app: AppContext, review: bool) -> None:
    """Browse stories, versions and diffs in the terminal UI.

    \b
    Examples:
      revtrack tui
      revtrack tui --review
      revtrack                # the same, on a terminal
    """
    if not on_terminal():  # a pipe would get escape codes and a UI nobody can quit
        raise RevtrackError(
            "the terminal UI needs a terminal (stdin and stdout are not both a TTY);"
            " try `revtrack list` or `revtrack review`"
        )
    app.config  # noqa: B018 - a bad config is one line here, not a surprise inside the UI
    app.ensure_home()
    from revtrack.tui.app import make_app  # Textual loads only for this command

    location = app.paths.store_location
    with hiding_password(location):
        tui_app = make_app(location, clock=app.clock, review=review)
    try:
        tui_app.run()
    finally:
        tui_app.store.close()


cli.add_command(tui)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user mistakes become one line on stderr, never a traceback."""
    try:
        cli.main(args=argv, prog_name="revtrack", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("revtrack: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(click_error_line(exc), err=True)
        sys.exit(exc.exit_code)
    except RevtrackError as exc:
        click.echo(f"revtrack: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("revtrack: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:
        # The machine refused something (a read-only folder, a full disk, a missing
        # device): that is the user's to fix, so one line names it.
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"revtrack: error: {exc.strerror or exc}{where}", err=True)
        sys.exit(1)
