"""A broken workflow definition fails the registry's check with a message naming the culprit."""
import pytest

from workflows.engine.definition import State, Workflow, effect, transition
from workflows.engine.errors import DefinitionError
from workflows.engine.registry import WORKFLOWS, check


def build(states, transitions, initial="a"):
    wf = Workflow(name="demo", entity_type="demo", attribute="state", label_vi="x",
                  label_en="x", initial=initial, states=tuple(states),
                  transitions=tuple(transitions))
    check(wf)
    return wf


A, B = State("a", "A", "A"), State("b", "B", "B", final=True)


def test_a_valid_definition_builds_one_shared_machine():
    wf = build([A, B], [transition("go", "a", "b", ("manager",), "x", "x")])
    assert wf.apply("a", "go") == "b"
    assert wf.machine.models == []  # the throwaway model was released


@pytest.mark.parametrize("states,transitions,initial,message", [
    ([A, B, State("c", "C", "C", final=True)],
     [transition("go", "a", "b", ("manager",), "x", "x")], "a", "['c'] cannot be reached"),
    ([A, State("b", "B", "B")], [transition("go", "a", "b", ("manager",), "x", "x")], "a",
     "state 'b' is a dead end"),
    ([A, B], [transition("go", "a", "b", ("manager",), "x", "x", guards=("moon_is_full",))],
     "a", "transition 'go': unknown guard 'moon_is_full'"),
    ([A, B], [transition("go", "a", "b", ("manager",), "x", "x",
                         effects=(effect("teleport"),))], "a", "unknown effect 'teleport'"),
    ([A, B], [transition("go", "a", "b", ("manager",), "x", "x", required=("shoe_size",))],
     "a", "unknown field 'shoe_size'"),
    ([A, B], [transition("go", "a", "z", ("manager",), "x", "x")], "a", "unknown state 'z'"),
    ([A, B], [transition("go", "a", "b", (), "x", "x")], "a", "no role may fire it"),
    ([A, B], [transition("go", "a", "b", ("manager",), "x", "x")], "q",
     "initial state 'q' is not declared"),
    ([A, B], [transition("go", "a", "b", ("manager",), "x", "x"),
              transition("back", "b", "a", ("manager",), "x", "x")], "a",
     "final state 'b' has a way out"),
])
def test_broken_definitions_name_the_culprit(states, transitions, initial, message):
    with pytest.raises(DefinitionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        build(states, transitions, initial)


def test_every_shipped_workflow_has_labels_and_a_diagram():
    for wf in WORKFLOWS.values():
        for s in wf.states:
            assert s.label_vi and s.label_en
        diagram = wf.mermaid(wf.initial)
        assert f"class {wf.initial} current" in diagram
        keeping = wf.state_keeping()
        for t in wf.transitions:  # an arrow, or beside the diagram when it keeps the state
            for src in t.source:
                if t in keeping:
                    assert f"{src} --> {src} : {t.trigger}" not in diagram
                else:
                    assert f"{src} --> {t.dest} : {t.trigger}" in diagram


def test_cli_workflows_check(runner):
    result = runner.invoke(args=["workflows", "check"])
    assert result.exit_code == 0
    assert "ok  violation: 14 states" in result.output
