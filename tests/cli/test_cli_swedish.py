"""The command line speaks Swedish in the Swedish program: argparse's own texts, every help
text, parser errors, YAML and operating-system messages, and ``case list``.

The check walks ``--help`` of every command and sub-command and a set of typical mistakes,
and fails on common English words (argparse's and the C library's) or on raw codes. Option
names, command names and choice values are the command's vocabulary and are taken out first.
"""

from __future__ import annotations

import argparse
import os
import re

import pytest

from isu.cli import build_parser, main
from isu.cli.i18n import argparse_language
from tests.conftest import ADMIN_PASSWORD

# Words that only appear when something was left in English.
ENGLISH = {
    "usage", "error", "the", "following", "arguments", "required", "invalid",
    "choice", "choose", "from", "unrecognized", "show", "this", "help", "message", "and",
    "exit", "positional", "options", "optional", "expected", "one", "allowed", "with", "not",
    "such", "file", "directory", "permission", "denied", "did", "find", "key", "value",
    "ambiguous", "could", "match", "cannot", "must", "give", "write", "folder", "user",
    "password", "name", "database", "number", "default", "program", "version", "command",
    "commands", "case", "cases", "list", "only", "or", "of", "to", "is", "a", "an", "for",
    "type", "mapping", "values", "here", "line", "column", "while", "parsing", "block",
    "unexpected", "found", "character", "token", "errno", "traceback",
}  # fmt: skip
RAW = re.compile(r"\b(?:Errno|FileNotFoundError|OSError|YAMLError|ScannerError|ParserError)\b")


def _parsers(parser: argparse.ArgumentParser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _vocabulary(parser: argparse.ArgumentParser) -> set[str]:
    """Command names, option names and choice values: the words a user types."""
    words: set[str] = {"isu", "sig", "yaml", "id", "pdf", "xlsx", "csv", "k", "n"}
    for path, sub in _parsers(parser):
        words.update(path)
        for action in sub._actions:
            for option in action.option_strings:
                words.update(re.findall(r"[a-z]+", option))
            if action.choices and not isinstance(action, argparse._SubParsersAction):
                for choice in action.choices:
                    words.update(re.findall(r"[a-z]+", str(choice).lower()))
    return words


def _english_words(text: str, vocabulary: set[str]) -> list[str]:
    text = re.sub(r"(?<![\w-])--?[\w-]+", " ", text)  # options such as --password-file
    text = re.sub(r"ISU_[A-Z_]+|QT_QPA_PLATFORM|DISPLAY|WAYLAND_DISPLAY|/\S+", " ", text)
    words = re.findall(r"[A-Za-zÅÄÖåäö]+", text)
    return [w for w in words if w.lower() in ENGLISH and w.lower() not in vocabulary]


@pytest.fixture
def vocabulary():
    with argparse_language("sv"):
        return _vocabulary(build_parser())


def _all_paths():
    with argparse_language("sv"):
        return [path for path, _ in _parsers(build_parser())]


@pytest.mark.parametrize("path", _all_paths(), ids=lambda p: " ".join(p) or "isu")
def test_every_help_text_is_swedish(path, capsys, vocabulary):
    with pytest.raises(SystemExit) as raised:
        main([*path, "--help"])
    assert raised.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("användning: isu")
    assert "flaggor:" in text and "visa den här hjälptexten och avsluta" in text
    assert _english_words(text, vocabulary) == [], text
    assert not RAW.search(text)


def test_every_option_has_a_help_text():
    with argparse_language("sv"):
        parser = build_parser()
    missing = [
        (" ".join(path), action.dest)
        for path, sub in _parsers(parser)
        for action in sub._actions
        if not isinstance(action, argparse._SubParsersAction)
        and action.help is None
        and action.dest != "help"
    ]
    assert missing == []


TYPICAL_MISTAKES = [
    ["user", "add"],  # required arguments missing
    ["case", "list", "--db", "x.db", "--status", "open"],  # invalid choice
    ["verify", "--db", "x.db", "--colour", "red"],  # unrecognised argument
    ["case", "close", "--db", "x.db", "1", "--date", "1 maj", "--reason", "x"],  # bad date
    ["demo", "--cases", "many"],  # not a number
    ["nosuchcommand"],  # unknown command
    ["summary", "--db", "x.db", "--pdf", "a.pdf", "--csv", "b"],  # mutually exclusive
    ["retention", "--db", "x.db"],  # one of a group required
    ["audit", "--db"],  # expected one argument
]


@pytest.mark.parametrize("argv", TYPICAL_MISTAKES, ids=lambda a: " ".join(a))
def test_typical_mistakes_are_explained_in_swedish(argv, capsys, vocabulary):
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("användning: isu") and ": fel: " in err, err
    assert _english_words(err, vocabulary) == [], err
    assert not RAW.search(err)


def test_the_same_mistake_is_english_in_the_english_program(capsys, monkeypatch):
    monkeypatch.setenv("ISU_LANG", "en")
    with pytest.raises(SystemExit):
        main(["user", "add"])
    err = capsys.readouterr().err
    assert err.startswith("usage: isu") and "the following arguments are required" in err


def test_a_yaml_syntax_error_is_described_in_swedish_with_line_and_column(
    tmp_path, capsys, vocabulary
):
    form = tmp_path / "trasig.yaml"
    form.write_text("id: x\nversion: 1\n title: {sv: a}\nphases:\n", encoding="utf-8")
    assert main(["form", "check", str(form)]) == 2
    out = capsys.readouterr().out
    assert "rad 3" in out or "rad 2" in out
    assert "kolumn" in out and "Syntaxfel" in out
    assert "did not find expected key" not in out and "mapping values" not in out
    assert _english_words(out.replace(str(form), ""), vocabulary) == [], out


def test_yaml_problems_have_swedish_words_for_the_usual_mistakes():
    import yaml

    from isu.formdefs.yaml_errors import yaml_problem_text

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    samples = ["a: 1\n b: 2\nc", "a: [1, 2", 'a: "x', "a: *nope", "key: value: x", "a:\n\t- b"]
    for text in (*samples, "- a\nb: c", "{a: 1", "a: @x"):
        for kind in {loader, yaml.SafeLoader}:
            with pytest.raises(yaml.YAMLError) as raised:
                yaml.load(text, Loader=kind)
            sv = yaml_problem_text(raised.value, "sv")
            assert sv.startswith("Syntaxfel på rad ") and "okänt" not in sv, (text, sv)
            assert "kolumn" in sv


def test_a_missing_file_is_named_in_swedish_words(tmp_path, capsys, vocabulary):
    missing = tmp_path / "finns-inte.yaml"
    assert main(["form", "check", str(missing)]) == 2
    out = capsys.readouterr().out
    assert "filen eller mappen finns inte" in out
    assert "No such file" not in out and not RAW.search(out)


def test_os_errors_reaching_the_command_are_put_in_swedish(tmp_path, capsys, monkeypatch):
    """An OSError nobody translated on the way still comes out as words, not a crash."""
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    folder = tmp_path / "a-folder.db"
    folder.mkdir()  # a folder where the database file should be
    code = main(["verify", "--db", str(folder), "--user", "x", "--password-file", str(pw)])
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err and "oväntat fel" not in err
    assert not RAW.search(err) and "Is a directory" not in err


def test_errno_texts_exist_in_both_languages():
    import errno

    from isu.errors import os_error_text

    for number in (errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EROFS, errno.EISDIR):
        exc = OSError(number, os.strerror(number))
        sv, en = os_error_text(exc, "sv"), os_error_text(exc, "en")
        assert sv != en and os.strerror(number) not in sv


def test_case_list_has_a_header_row_and_swedish_phase_labels(tmp_path, capsys, monkeypatch):
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    db = tmp_path / "lista.db"
    assert main(["init", "--db", str(db), "--admin", "chef", "--password-file", str(pw)]) == 0
    monkeypatch.setenv("ISU_USER", "chef")
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    answers = ["gender=Flicka/kvinna", "birth_year=2010", "consent_youth=ja"]
    answers += ["referral_date=2026-01-10", "start_date=2026-02-01", "municipality=0180"]
    assert main(["case", "new", "--db", str(db), "--number", "L-1", *answers]) == 0
    capsys.readouterr()
    assert main(["case", "list", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == [
        "Ärende",
        "Status",
        "Start",
        "Avslut",
        "Samordnare",
        "Klara delar",
        "Varningar",
    ]
    row = lines[1].split("\t")
    assert row[0] == "L-1"
    assert not set(re.findall(r"\w+", row[5])) & {"admin", "before", "during", "after"}
    assert set(re.findall(r"\w+", row[5])) <= {
        "Administration",
        "Före",
        "Under",
        "Efter",
        "Upplevelse",
    }
    monkeypatch.setenv("ISU_LANG", "en")
    assert main(["case", "list", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("Case\tStatus")
