"""A workflow declared as data, with ONE shared transitions Machine.

Each module under workflows/machines/ declares its states and transitions with the
dataclasses here. `check_definition` (run once per workflow by the registry) checks it: every
state reachable, no dead end but the final states, no unknown guard, effect or field; it
raises DefinitionError naming the culprit, so a broken definition stops the app at start-up
rather than in front of a user."""
import logging
from dataclasses import dataclass
from functools import cached_property

from transitions import Machine

from workflows.engine.errors import DefinitionError
from workflows.engine.fields import FIELDS, RULES

# transitions logs every state entry and exit at INFO: a line per transition per callback
# would drown the scheduler's and the server's own logs.
logging.getLogger("transitions").setLevel(logging.WARNING)

SYSTEM = "system"  # the role of transitions only the engine itself fires
SAME = "="  # a reflexive transition: it records a decision but keeps the state


@dataclass(frozen=True)
class State:
    name: str
    label_vi: str
    label_en: str
    final: bool = False


@dataclass(frozen=True)
class Effect:
    name: str
    params: tuple = ()  # (key, value) pairs: hashable, printable

    @property
    def kwargs(self) -> dict:
        return dict(self.params)


def effect(name: str, **params) -> Effect:
    return Effect(name, tuple(sorted(params.items())))


@dataclass(frozen=True)
class Transition:
    trigger: str
    source: tuple[str, ...]
    dest: str
    roles: frozenset[str]
    label_vi: str
    label_en: str
    guards: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    effects: tuple[Effect, ...] = ()

    def to_dict(self):
        return {
            "trigger": self.trigger, "source": list(self.source), "dest": self.dest,
            "roles": sorted(self.roles), "label_vi": self.label_vi, "label_en": self.label_en,
            "guards": list(self.guards), "required": list(self.required),
            "optional": list(self.optional), "effects": [e.name for e in self.effects],
        }


def transition(trigger, source, dest, roles, label_vi, label_en, **kw) -> Transition:
    source = (source,) if isinstance(source, str) else tuple(source)
    return Transition(trigger, source, dest, frozenset(roles), label_vi, label_en,
                      **{k: tuple(v) for k, v in kw.items()})


@dataclass
class Workflow:
    name: str
    entity_type: str
    attribute: str  # the entity's column that holds this workflow's state
    label_vi: str
    label_en: str
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]

    def __post_init__(self):
        self.state_by_name = {s.name: s for s in self.states}
        # (state, trigger) -> Transition, and state -> its transitions: the hot paths
        # (allowed triggers of 100,000 rows) are dictionary look-ups.
        self._by_source = {}
        self._from_state = {s.name: [] for s in self.states}
        for t in self.transitions:
            for src in t.source:
                self._by_source[(src, t.trigger)] = t
                self._from_state.setdefault(src, []).append(t)
        self.triggers = frozenset(t.trigger for t in self.transitions)

    @cached_property
    def machine(self) -> Machine:
        """Built on first use, after the registry has checked the definition."""
        return Machine(
            model=None, states=[s.name for s in self.states], initial=self.initial,
            transitions=[{"trigger": t.trigger, "source": list(t.source), "dest": t.dest}
                         for t in self.transitions],
            auto_transitions=False, send_event=False,
        )

    def transition_for(self, state: str, trigger: str) -> Transition | None:
        return self._by_source.get((state, trigger))

    def transitions_from(self, state: str) -> list[Transition]:
        return self._from_state.get(state, [])

    def label(self, state: str, locale: str = "vi") -> str:
        s = self.state_by_name.get(state)
        if s is None:
            return state
        return s.label_vi if locale == "vi" else s.label_en

    def apply(self, state: str, trigger: str) -> str:
        """Move a state through the shared Machine: bind a throwaway model for this one
        transition (add_model with initial=, so the state is not reset), fire, release."""
        subject = _Subject()
        self.machine.add_model(subject, initial=state)
        try:
            getattr(subject, trigger)()
            return subject.state
        finally:
            self.machine.remove_model(subject)

    def mermaid(self, current: str | None = None, locale: str | None = None) -> str:
        """Mermaid text of the workflow. With ``locale`` (a page) states and arrows carry
        that language's labels; without it (the API) both labels and the trigger codes. A
        transition that keeps the state draws no arrow (a loop on each of its states would
        bury the diagram): `state_keeping` lists them beside it."""
        def said(obj) -> str:  # a colon would end Mermaid's label
            return (obj.label_en if locale == "en" else obj.label_vi).replace(":", " -")

        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for s in self.states:
            lines.append(f"    {s.name} : {said(s)}" if locale else
                         f'    {s.name} : {s.label_vi} / {s.label_en}')
        for t in self.transitions:
            if t.dest != SAME:
                lines += [f"    {src} --> {t.dest} : {said(t) if locale else t.trigger}"
                          for src in t.source]
        for s in self.states:
            if s.final:
                lines.append(f"    {s.name} --> [*]")
        if current:
            lines.append("    classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px")
            lines.append(f"    class {current} current")
        return "\n".join(lines)

    def state_keeping(self) -> list[Transition]:
        """The transitions that record a decision and keep the state."""
        return [t for t in self.transitions if t.dest == SAME]

    def to_dict(self):
        return {
            "name": self.name, "entity_type": self.entity_type, "attribute": self.attribute,
            "label_vi": self.label_vi, "label_en": self.label_en, "initial": self.initial,
            "states": [{"name": s.name, "label_vi": s.label_vi, "label_en": s.label_en,
                        "final": s.final} for s in self.states],
            "transitions": [t.to_dict() for t in self.transitions],
            "mermaid": self.mermaid(),
        }


class _Subject:
    """The throwaway model `apply` binds; transitions adds its trigger methods to it."""


def check_definition(wf: Workflow, guards: dict, effects: dict) -> None:
    where = f"workflow {wf.name!r}"
    names = [s.name for s in wf.states]
    if len(set(names)) != len(names):
        raise DefinitionError(f"{where}: a state is declared twice")
    known = set(names)
    if wf.initial not in known:
        raise DefinitionError(f"{where}: initial state {wf.initial!r} is not declared")
    seen_pairs = set()
    for t in wf.transitions:
        tw = f"{where}, transition {t.trigger!r}"
        for st in (*t.source, *([] if t.dest == SAME else [t.dest])):
            if st not in known:
                raise DefinitionError(f"{tw}: unknown state {st!r}")
        for g in t.guards:
            if g not in guards:
                raise DefinitionError(f"{tw}: unknown guard {g!r}")
        for e in t.effects:
            if e.name not in effects:
                raise DefinitionError(f"{tw}: unknown effect {e.name!r}")
        for f in (*t.required, *t.optional):
            if f not in FIELDS:
                raise DefinitionError(f"{tw}: unknown field {f!r}")
            for spec in FIELDS[f].rules:
                if spec.partition(":")[0] not in RULES:
                    raise DefinitionError(f"{tw}: field {f!r} names an unknown rule {spec!r}")
        if not t.roles:
            raise DefinitionError(f"{tw}: no role may fire it")
        for src in t.source:
            if (src, t.trigger) in seen_pairs:
                raise DefinitionError(f"{tw}: declared twice from state {src!r}")
            seen_pairs.add((src, t.trigger))
    # Reachability from the initial state.
    reached, frontier = {wf.initial}, [wf.initial]
    while frontier:
        state = frontier.pop()
        for t in wf.transitions:
            if state in t.source and t.dest != SAME and t.dest not in reached:
                reached.add(t.dest)
                frontier.append(t.dest)
    unreachable = known - reached
    if unreachable:
        raise DefinitionError(f"{where}: state(s) {sorted(unreachable)} cannot be reached "
                              f"from {wf.initial!r}")
    for s in wf.states:
        leaves = any(s.name in t.source and t.dest not in (s.name, SAME)
                     for t in wf.transitions)
        if s.final and leaves:
            raise DefinitionError(f"{where}: final state {s.name!r} has a way out")
        if not s.final and not leaves:
            raise DefinitionError(f"{where}: state {s.name!r} is a dead end but not final")
