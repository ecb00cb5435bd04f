"""The `advisor` command: argparse -> `Advisor` -> a presenter; exit codes and stderr.

No domain logic lives here. Only the interview imports Textual, when it starts.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from advisor import __version__
from advisor.errors import AdvisorError, printable
from advisor.files import write_atomic
from advisor.present import ask as ask_text
from advisor.present.json import render_json, to_json
from advisor.service import Advisor

EXIT_OK = 0
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


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, told the terminal's width.

    argparse builds a formatter for every argument it adds, just to check it, and left to
    itself the formatter imports shutil to ask for the width: 2 ms of every command's start-up
    (about 4% of the floor the start-up is measured against) for help that is rarely shown."""

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


def _locations() -> _Parser:
    parent = _Parser(add_help=False)
    parent.add_argument("--rules", metavar="DIR", default=argparse.SUPPRESS,
                        help="rules folder to use (default: the shipped rules; env ADVISOR_RULES)")
    parent.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS,
                        help="knowledge folder to use (default: the shipped knowledge base; "
                             "env ADVISOR_KNOWLEDGE)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _locations()
    parser = _Parser(
        prog="advisor",
        parents=[common],
        description="Decide how to specialise a language model: fine-tune it, put retrieval "
                    "(RAG) in front of it, or both. With no command, starts the interview.",
    )
    parser.add_argument("--answers", dest="tui_answers", metavar="FILE",
                        help="start the interview with these answers filled in, at the review")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    recommend = commands.add_parser(
        "recommend", parents=[common], help="recommend fine_tune, rag or hybrid from answers",
        description="Recommend fine_tune, rag or hybrid from an answers file, with the reasons.")
    recommend.add_argument("--answers", required=True, metavar="FILE",
                           help="answers file, YAML or JSON ('-' reads standard input)")
    recommend.add_argument("--format", choices=("text", "md", "json"), default="text")
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
        description="The cost engine alone: totals over the horizon and the break-even volume.")
    costs.add_argument("--answers", required=True, metavar="FILE",
                       help="answers file, YAML or JSON ('-' reads standard input)")
    costs.add_argument("--format", choices=("text", "json"), default="text")

    rules = commands.add_parser("rules", help="work with decision rules",
                                description="Work with a folder of decision rules.")
    rules_commands = rules.add_subparsers(dest="rules_command", metavar="COMMAND",
                                          parser_class=_Parser, required=True)
    check = rules_commands.add_parser(
        "check", parents=[common], help="validate and lint a rules folder",
        description="Validate and lint a rules folder; exit 2 on any problem.")
    check.add_argument("dir", nargs="?", metavar="DIR", help="rules folder (default: shipped)")
    return parser


def _advisor(args: argparse.Namespace) -> Advisor:
    return Advisor.load(getattr(args, "rules", None), getattr(args, "knowledge", None))


def _cmd_costs(args: argparse.Namespace) -> int:
    advisor = _advisor(args)
    resolved = advisor.read_answers(args.answers)
    costs = advisor.costs(resolved)
    if args.format == "json":
        print(to_json(costs))
    else:
        from advisor.present import text  # rich: ~25 ms that JSON and Markdown never need

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
        from advisor.present import text  # rich: ~25 ms that JSON and Markdown never need

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
    advisor = _advisor(args)
    if args.list:
        entries = advisor.faq_entries()
        if args.format == "json":
            rows = [{"id": entry.id, "kind": entry.kind, "question": entry.question}
                    for entry in entries]
            print(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            print(ask_text.render_list(entries), end="")
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
        print(ask_text.render_text(result, advisor.faq), end="")
        if explanation is not None:
            print(ask_text.render_explain(explanation), end="")
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
    advisor = _advisor(args)
    folder = Path(args.dir) if args.dir else advisor.rules_folder
    ruleset, problems = advisor.check_rules(folder)
    if ruleset is not None:
        from advisor.rules.lint import rules_warnings

        for warning in rules_warnings(ruleset):
            sys.stderr.write(f"advisor: warning: {warning}\n")
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
    try:
        from advisor.tui.app import run
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("advisor.tui"):
            raise
        print("advisor: the interview is coming; meanwhile try 'advisor costs --answers FILE'.")
        return EXIT_OK
    return int(run(answers=args.tui_answers, rules=getattr(args, "rules", None),
                   knowledge=getattr(args, "knowledge", None)))


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: _cmd_interview,
    "recommend": _cmd_recommend,
    "ask": _cmd_ask,
    "costs": _cmd_costs,
    "rules": _cmd_rules,
}


def main(argv: Sequence[str] | None = None) -> int:
    # Arguments the shell could not decode arrive as lone surrogates; make them plain text.
    words = [word.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
             for word in (sys.argv[1:] if argv is None else argv)]
    args = build_parser().parse_args(words)
    if args.version:
        print(f"advisor {__version__}")
        return EXIT_OK
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()
        return code
    except AdvisorError as exc:
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
