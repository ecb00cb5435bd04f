"""The `advisor` command: argparse -> `Advisor` -> a presenter; exit codes and stderr.

No domain logic lives here. Only the interview imports Textual, when it starts.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from advisor import __version__
from advisor.answers.schema import ANSWER_KEYS, PRICE_KEYS
from advisor.config import config_path, folder, load_config
from advisor.errors import AdvisorError, printable, printable_lines
from advisor.files import write_atomic
from advisor.locations import KNOWLEDGE_ENV, RULES_ENV
from advisor.present.json import render_json, to_json
from advisor.service import Advisor

if TYPE_CHECKING:
    from logging import Logger

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


def _terminal_width() -> int:
    """The width `shutil.get_terminal_size()` would give, found without importing shutil:
    `$COLUMNS`, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (OSError, ValueError):
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help formatter, told the terminal's width, keeping the examples' layout.

    argparse builds a formatter for every argument it adds, just to check it, and left to
    itself the formatter imports shutil on every command to ask for a width that only help
    needs."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _terminal_width() - 2)


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error: what is wrong and where to look, then exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_BAD_INPUT)


ENVIRONMENT = """environment:
  ADVISOR_RULES, ADVISOR_KNOWLEDGE   folders to use instead of the shipped rules and knowledge
  ADVISOR_CONFIG                     the config file (see 'advisor config path')
  ADVISOR_CACHE                      the cache folder, or 'off'
  ADVISOR_DATA                       where the interview's session is kept
An option wins over an environment variable, which wins over the config file."""

def _key_lines(keys: list[str], indent: str = "  ", width: int = 88) -> str:
    lines, line = [], indent
    for key in keys:
        if len(line) + len(key) > width:
            lines.append(line.rstrip())
            line = indent
        line += key + " "
    return "\n".join([*lines, line.rstrip()])


ANSWERS_KEYS = ('answers keys (YAML or JSON, every key optional; README.md, "The answers file"):\n'
                + _key_lines([key for key in ANSWER_KEYS if key not in PRICE_KEYS]) + "\n"
                + "  prices:\n" + _key_lines(list(PRICE_KEYS), indent="    "))


def _common() -> _Parser:
    """The options every command takes."""
    parent = _Parser(add_help=False)
    parent.add_argument("--rules", metavar="DIR", default=argparse.SUPPRESS,
                        help="rules folder to use (default: the shipped rules; env ADVISOR_RULES)")
    parent.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS,
                        help="knowledge folder to use (default: the shipped knowledge base; "
                             "env ADVISOR_KNOWLEDGE)")
    parent.add_argument("--debug", metavar="LOG", nargs="?", const="", default=argparse.SUPPRESS,
                        help="write what happens, and any internal error's traceback, to a log "
                             "file (default: advisor.log in the state folder)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(
        prog="advisor",
        parents=[common],
        description="Decide how to specialise a language model: fine-tune it, put retrieval "
                    "(RAG) in front of it, or both. With no command, starts the interview.",
        epilog="examples:\n"
               "  advisor                                   the interview, in the terminal\n"
               "  advisor recommend --answers team.yaml --format md --out summary.md\n"
               "  advisor costs --answers team.yaml\n"
               "  advisor ask \"is 500 labeled examples enough?\"\n"
               "  advisor rules check my-rules/\n\n" + ENVIRONMENT,
    )
    parser.add_argument("--answers", dest="tui_answers", metavar="FILE",
                        help="start the interview with these answers filled in, at the review")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    recommend = commands.add_parser(
        "recommend", parents=[common], help="recommend fine_tune, rag or hybrid from answers",
        description="Recommend fine_tune, rag or hybrid from an answers file, with the reasons.",
        epilog="examples:\n"
               "  advisor recommend --answers team.yaml\n"
               "  advisor recommend --answers team.yaml --format md --out summary.md\n"
               "  echo 'data_volatility: weekly' | advisor recommend --answers - --format json"
               "\n\n" + ANSWERS_KEYS + "\n\n" + ENVIRONMENT)
    recommend.add_argument("--answers", required=True, metavar="FILE",
                           help="answers file, YAML or JSON ('-' reads standard input)")
    recommend.add_argument("--format", choices=("text", "md", "json"), default=None,
                           help="text (default), md (the meeting summary) or json (the "
                                "contract's object); the config file may set the default")
    recommend.add_argument("--out", metavar="PATH", help="write to PATH instead of standard output")
    recommend.add_argument("--force", action="store_true", help="overwrite PATH if it exists")

    ask = commands.add_parser(
        "ask", parents=[common], help="answer a question from the FAQ and the guide",
        description="Answer one free-text question from the knowledge base, citing the entry.")
    ask.add_argument("question", nargs="?", help="the question, in your own words")
    ask.add_argument("--format", choices=("text", "json"), default="text")
    ask.add_argument("--list", action="store_true", help="list the questions it can answer")
    ask.add_argument("--explain", action="store_true",
                     help="also show how the question was read and scored (for editing "
                          "knowledge/synonyms.yaml)")

    costs = commands.add_parser(
        "costs", parents=[common], help="compare costs over the horizon and the break-even",
        description="The cost engine alone: totals over the horizon and the break-even volume.",
        epilog="examples:\n"
               "  advisor costs --answers team.yaml\n"
               "  advisor costs --answers team.yaml --format json\n\n"
               "pricing: name the model that answers (api_model: gpt-4o-mini) to price each RAG "
               "query per token;\ndata on premise (privacy: on_premise) is priced self-hosted.\n\n"
               + ANSWERS_KEYS + "\n\n" + ENVIRONMENT)
    costs.add_argument("--answers", required=True, metavar="FILE",
                       help="answers file, YAML or JSON ('-' reads standard input)")
    costs.add_argument("--format", choices=("text", "json"), default=None,
                       help="text (default) or json (the contract's costs object)")

    rules = commands.add_parser("rules", help="work with decision rules",
                                description="Work with a folder of decision rules.")
    rules_commands = rules.add_subparsers(dest="rules_command", metavar="COMMAND",
                                          parser_class=_Parser, required=True)
    check = rules_commands.add_parser(
        "check", parents=[common], help="validate and lint a rules folder",
        description="Validate and lint a rules folder; exit 2 on any problem.")
    check.add_argument("dir", nargs="?", metavar="DIR", help="rules folder (default: shipped)")

    config = commands.add_parser("config", help="the config file",
                                 description="The config file: defaults set once (TOML).")
    config_commands = config.add_subparsers(dest="config_command", metavar="COMMAND",
                                            parser_class=_Parser, required=True)
    config_commands.add_parser(
        "path", help="print where the config file is read from",
        description="Print where the config file is read from ($ADVISOR_CONFIG, else the user "
                    "config folder), whether or not it exists.",
        epilog='keys: format = "text" | "md" | "json"; rules = "DIR"; knowledge = "DIR"; '
               'theme = "textual-dark"')

    serve = commands.add_parser(
        "serve", parents=[common], help="the interview in a browser, one per visitor",
        description="Serve the interview to web browsers: each visitor gets an interview of "
                    "their own, and Save downloads the summary to their browser. Needs the "
                    "web extra: pip install 'ft-rag-advisor[web]'.",
        epilog="examples:\n"
               "  advisor serve                             http://127.0.0.1:8000, this machine only\n"
               "  advisor serve --port 8080\n"
               "  advisor serve --host 0.0.0.0 --public-url https://advisor.example.com\n\n"
               "Behind a reverse proxy, pass the websocket upgrade through and give the\n"
               "address people open as --public-url (README.md, \"The interview in a browser\").")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address browsers open, when it is not http://HOST:PORT "
                            "(a reverse proxy, https)")

    completion = commands.add_parser(
        "completion", help="print a shell completion script",
        description="Print a completion script for your shell.",
        epilog="examples:\n"
               "  advisor completion bash > ~/.local/share/bash-completion/completions/advisor\n"
               "  advisor completion zsh > \"${fpath[1]}/_advisor\"\n"
               "  advisor completion fish > ~/.config/fish/completions/advisor.fish")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell")
    return parser


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return port


def _settings(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The rules and knowledge folders asked for (option, else environment, else config file;
    None for the shipped ones), and the output format the config file sets where none is given."""
    settings = load_config()
    rules = getattr(args, "rules", None)
    if rules is None and not os.environ.get(RULES_ENV):
        rules = folder(settings.rules)
    knowledge = getattr(args, "knowledge", None)
    if knowledge is None and not os.environ.get(KNOWLEDGE_ENV):
        knowledge = folder(settings.knowledge)
    if getattr(args, "format", "") is None:
        allowed = {"recommend": ("text", "md", "json"), "costs": ("text", "json"),
                   "ask": ("text", "json")}.get(str(args.command), ())
        args.format = settings.format if settings.format in allowed else "text"
    return rules, knowledge


def _advisor(args: argparse.Namespace) -> Advisor:
    return Advisor.load(*_settings(args))


def _cmd_costs(args: argparse.Namespace) -> int:
    advisor = _advisor(args)
    resolved = advisor.read_answers(args.answers)
    costs = advisor.costs(resolved)
    if args.format == "json":
        print(to_json(costs))
    else:
        from advisor.present import text  # rich, which JSON and Markdown never need

        text.print_costs(costs, resolved)
    return EXIT_OK


def _cmd_recommend(args: argparse.Namespace) -> int:
    advisor = _advisor(args)
    resolved = advisor.read_answers(args.answers)
    rec = advisor.recommend(resolved)
    if args.format == "json":
        output = render_json(rec)
    elif args.format == "md":
        output = advisor.summary(rec, resolved)
    else:
        from advisor.present import text  # rich, which JSON and Markdown never need

        if args.out is None:
            text.print_text(rec)
            return EXIT_OK
        output = text.render_text(rec)
    if args.out is not None:
        write_atomic(Path(args.out), output, force=args.force)
        sys.stderr.write(f"advisor: wrote {printable(args.out)}\n")
    else:
        sys.stdout.write(output)
    return EXIT_OK


def _cmd_ask(args: argparse.Namespace) -> int:
    from advisor.present import ask as ask_text  # the FAQ's modules: only ask needs them

    advisor = _advisor(args)
    if args.list:
        entries = advisor.faq_entries()
        if args.format == "json":
            rows = [{"id": entry.id, "kind": entry.kind, "question": entry.question}
                    for entry in entries]
            print(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            print(printable_lines(ask_text.render_list(entries)), end="")
        return EXIT_OK
    if args.question is None:
        raise AdvisorError('ask: give a question, e.g. advisor ask "is 500 examples enough?", '
                           "or --list to see what it can answer")
    if args.explain:
        result, explanation = advisor.faq.explain(args.question)
    else:
        result, explanation = advisor.ask(args.question), None
    if args.format == "json":
        print(to_json(result if explanation is None
                      else {**json.loads(to_json(result)), "explain": explanation}))
    else:
        print(printable_lines(ask_text.render_text(result, advisor.faq)), end="")
        if explanation is not None:
            print(printable_lines(ask_text.render_explain(explanation)), end="")
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
    advisor = _advisor(args)
    folder = Path(args.dir) if args.dir else advisor.rules_folder
    ruleset, problems = advisor.check_rules(folder)
    if ruleset is not None:
        from advisor.rules.lint import rules_warnings  # the rule engine: only rules check

        for warning in rules_warnings(ruleset):
            sys.stderr.write(f"advisor: warning: {printable(warning)}\n")
    if problems or ruleset is None:
        for problem in problems:
            sys.stderr.write(f"{printable(str(problem))}\n")
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        sys.stderr.write(f"advisor: rules check: {count} in {printable(str(folder))}\n")
        return EXIT_BAD_INPUT
    print(f"{folder}: {len(ruleset.rules)} rules in {len(ruleset.files)} files are valid; every "
          "option can be recommended and every answers key is read.")
    return EXIT_OK


def _cmd_interview(args: argparse.Namespace) -> int:
    # No collection while Textual is imported and the first question drawn: what is made by
    # then lives as long as the app, and the app turns collection back on once it is loaded.
    gc.disable()
    from advisor.tui.app import run  # Textual: only the interview shows it

    rules, knowledge = _settings(args)
    return int(run(answers=args.tui_answers, rules=rules, knowledge=knowledge))


WEB_EXTRA = "pip install 'ft-rag-advisor[web]'"
WEB_MODULES = {"textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"}


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        from advisor.tui import serve  # textual-serve: the web extra, only this command
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in WEB_MODULES:
            raise
        raise AdvisorError(f"serve needs the web extra, which is not installed: {WEB_EXTRA} "
                           "(pipx: pipx inject ft-rag-advisor textual-serve)") from None
    rules, knowledge = _settings(args)
    return serve.serve(args.host, args.port, args.public_url, rules=rules, knowledge=knowledge)


def _cmd_config(args: argparse.Namespace) -> int:
    print(config_path())
    return EXIT_OK


def _cmd_completion(args: argparse.Namespace) -> int:
    import shtab  # only this command needs it

    print(shtab.complete(build_parser(), shell=args.shell), end="")
    return EXIT_OK


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: _cmd_interview,
    "recommend": _cmd_recommend,
    "ask": _cmd_ask,
    "costs": _cmd_costs,
    "rules": _cmd_rules,
    "config": _cmd_config,
    "serve": _cmd_serve,
    "completion": _cmd_completion,
}


ONE_SHOT = {"recommend", "ask", "costs", "rules", "config", "completion"}
"""Commands that print and exit. Run as the process's own command, they run without the cycle
collector: the few cycles they make (pydantic building its validators, on a cold run) are
freed at exit, and its passes over the many objects a cold run makes are time the user waits
for nothing (README, Performance)."""


def main(argv: Sequence[str] | None = None) -> int:
    # Arguments the shell could not decode arrive as lone surrogates; make them plain text.
    words = [word.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
             for word in (sys.argv[1:] if argv is None else argv)]
    args = build_parser().parse_args(words)
    if args.version:
        print(f"advisor {__version__}")
        return EXIT_OK
    log = _start_log(args.debug) if hasattr(args, "debug") else None
    if argv is None and args.command in ONE_SHOT:  # not when called from other code (tests)
        gc.disable()
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()
        if log is not None:
            log.info("exit %s", code)
        return code
    except AdvisorError as exc:
        if log is not None:
            log.info("bad input: %s", exc)
        sys.stderr.write(f"advisor: {printable(str(exc))}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("advisor: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python's own flush at exit
        # from failing again on the closed pipe.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if log is None:
            raise
        log.exception("internal error")
        sys.stderr.write(f"advisor: internal error: {printable(str(exc), 300)} (the traceback "
                         f"is in {printable(_log_file(log))})\n")
        return EXIT_INTERNAL


def _start_log(where: str) -> Logger:
    """--debug: the "advisor" logger, writing to `where` or to advisor.log in the state folder
    (named by its handler's baseFilename)."""
    import logging  # only --debug needs it

    from advisor.session import data_dir  # the state folder: only --debug's default log

    path = Path(where).expanduser() if where else data_dir() / "advisor.log"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise SystemExit(f"advisor: --debug: cannot write {printable(str(path))} "
                         f"({exc.strerror or exc})") from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("advisor")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.info("advisor %s, python %s, argv %s", __version__, sys.version.split()[0], sys.argv)
    return logger


def _log_file(log: Logger) -> str:
    """Where --debug writes (the file of the logger's one handler)."""
    return str(getattr(log.handlers[0], "baseFilename", "the log"))
