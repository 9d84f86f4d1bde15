"""Every whole-number option of every verb (``--steps``, ``--seed``, ``--width``, ...) refuses a
bad value with one message that states the range allowed — the same range for ``-5``, ``0``,
``2.5``, ``1_000`` and a 30-digit number, and a true one (its ends are accepted, one beyond
them is not). ``--steps -5`` once said "≥ 0" while ``--steps 0`` said "1 … 100,000,000"."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from nnstudio.cli import build_parser, main
from nnstudio.document.errors import ProjectError
from nnstudio.document.io import MAX_STEPS, dumps, loads
from nnstudio.document.project import default_project
from nnstudio.session import TrainingSession

RANGE = re.compile(r"(-?[\d,]+) … (-?[\d,]+)")
BAD = ["-5", "-1", "0", "2.5", "1_000", "abc", "", "1e3", " ", "1" + "0" * 30, "9" * 5000]


def number_options() -> list[tuple[str, argparse.Action]]:
    """(verb, action) of every option whose value is parsed by a function (not text)."""
    found = []
    for verb, parser in build_parser().items():
        for action in parser._actions:
            if callable(action.type) and action.type is not str and action.option_strings:
                found.append((verb, action))
    return found


def _refusal(action, text: str) -> str | None:
    try:
        action.type(text)
    except argparse.ArgumentTypeError as exc:
        return str(exc)
    return None


def _stated_range(message: str) -> tuple[int, int]:
    match = RANGE.search(message)
    assert match, f"no range in {message!r}"
    low, high = (int(part.replace(",", "")) for part in match.groups())
    return low, high


def _before_got(message: str) -> str:
    return message.rsplit(", got ", 1)[0]


def test_the_options_are_found():
    names = {action.dest for _, action in number_options()}
    assert {"steps", "seed", "width", "height"} <= names


@pytest.mark.parametrize("verb, action", number_options(),
                         ids=lambda v: v if isinstance(v, str) else v.dest)
def test_every_refusal_states_the_same_true_range(verb, action):
    messages = {text: _refusal(action, text) for text in BAD}
    refused = {text: m for text, m in messages.items() if m is not None}
    # the range every refusal states, taken from the first: the same words each time
    first = next(iter(refused.values()))
    low, high = _stated_range(first)
    for text, message in refused.items():
        assert "\n" not in message and len(message) < 200, message
        assert _before_got(message) == _before_got(first), (text, message, first)
    # true: both ends are accepted, one beyond them is refused (with the same message)
    assert action.type(str(low)) == low and action.type(str(high)) == high
    for beyond in (low - 1, high + 1):
        message = _refusal(action, str(beyond))
        assert message is not None and _before_got(message) == _before_got(first), message
    # and every value of BAD that lies inside the range was accepted, the others refused
    for text in BAD:
        try:
            inside = low <= int(text) <= high and len(text) <= 20 and "_" not in text
        except ValueError:
            inside = False
        assert (messages[text] is None) == inside, (text, messages[text])


STEP_VERBS = {"train": [], "export": ["--figure", "loss", "--out", "x.png"],
              "export-code": ["--lang", "numpy", "--out", "x.py"]}


@pytest.mark.parametrize("verb", sorted(STEP_VERBS))
@pytest.mark.parametrize("steps", ["-5", "0", "2.5", str(MAX_STEPS + 1)])
def test_steps_refused_on_the_command_line_name_the_range(verb, steps, capsys, monkeypatch):
    monkeypatch.setattr(TrainingSession, "__init__", lambda *a: pytest.fail("trained"))
    code = main([verb, *STEP_VERBS[verb], "--steps", steps])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "--steps" in lines[0], err
    assert _stated_range(lines[0]) == (1, MAX_STEPS), lines[0]


def test_every_verb_with_steps_is_covered():
    assert {verb for verb, action in number_options() if action.dest == "steps"} == \
        set(STEP_VERBS)


@pytest.mark.parametrize("steps", [-5, 0, MAX_STEPS + 1])
def test_steps_in_a_file_state_the_range_of_the_command_line(steps):
    data = json.loads(dumps(default_project()))
    data["meta"]["steps"] = steps
    with pytest.raises(ProjectError) as info:
        loads(json.dumps(data))
    assert info.value.field == "meta.steps"
    steps_action = next(a for _, a in number_options() if a.dest == "steps")
    assert _before_got(info.value.message) == _before_got(_refusal(steps_action, "-5"))
