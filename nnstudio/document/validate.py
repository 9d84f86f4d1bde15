"""Design checks: is the drawn graph a network that can be trained on the chosen task?

:func:`check_design` returns a list of :class:`DesignIssue` (empty when the design is
valid). Each issue names the layer it concerns (or None for the whole design) and says why,
in words a student understands; the canvas marks the layer and Play shows the first reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from .project import Project
from .registry import LAYER_TYPES


@dataclass(frozen=True)
class DesignIssue:
    node_id: str | None
    message: str


@dataclass(frozen=True)
class TaskInfo:
    """What the dataset asks of the network."""

    task: str  # "binary" | "multiclass" | "regression" | "sequence_*"
    input_dim: int
    output_dim: int  # units the output layer needs
    n_classes: int = 0
    sequence: bool = False
    many_to_many: bool = False  # sequences: a target at every time step


_LOSS_FOR_TASK = {
    "binary": ("bce", "mse"),
    "multiclass": ("ce",),
    "regression": ("mse",),
}


def check_design(project: Project, task: TaskInfo | None = None) -> list[DesignIssue]:
    issues: list[DesignIssue] = []
    nodes = project.nodes
    roles = {nid: LAYER_TYPES[n.type].role for nid, n in nodes.items()}
    inputs = [nid for nid, r in roles.items() if r == "input"]
    outputs = [nid for nid, r in roles.items() if r == "output"]
    if not inputs:
        issues.append(DesignIssue(None, "The network has no input layer."))
    if not outputs:
        issues.append(DesignIssue(None, "The network has no output layer: drag one from the "
                                        "palette and connect the last layer to it."))
    for extra in outputs[1:]:
        issues.append(DesignIssue(extra, "Only one output layer is supported."))
    incoming = {nid: [s for s, t in project.edges if t == nid] for nid in nodes}
    outgoing = {nid: [t for s, t in project.edges if s == nid] for nid in nodes}
    for nid, role in roles.items():
        if role == "input" and incoming[nid]:
            issues.append(DesignIssue(nid, "The input layer cannot have an incoming connection."))
        if role == "output" and outgoing[nid]:
            issues.append(DesignIssue(nid, "The output layer cannot feed another layer."))
        if role != "input" and not incoming[nid]:
            issues.append(DesignIssue(nid, "Disconnected: nothing feeds this layer."))
        elif len(incoming[nid]) > 1:
            issues.append(DesignIssue(nid, "This layer has more than one input; layers take one."))
        if role != "output" and not outgoing[nid]:
            issues.append(DesignIssue(nid, "Disconnected: this layer feeds nothing."))
        elif len(outgoing[nid]) > 1:
            issues.append(DesignIssue(nid, "Branching is not supported: connect this layer to "
                                           "one next layer."))
    cycle = _find_cycle(project)
    if cycle:  # first: it explains the other complaints about these layers
        issues[:0] = [DesignIssue(nid, "This layer is part of a cycle (it feeds itself).")
                      for nid in cycle]
    if issues:
        return issues
    issues = _check_rule(project)
    if issues or task is None:
        return issues
    from .sequence_checks import check_sequences

    return check_sequences(project, task) or _check_task(project, task)


THRESHOLD_MESSAGE = ("The threshold (step) function has zero gradient everywhere: gradient "
                     "descent cannot train it. Use the perceptron rule or a smooth activation.")


def _check_rule(project: Project) -> list[DesignIssue]:
    """The learning rule against the layers: gradients need differentiable units; the
    perceptron rule needs one layer of threshold units (input straight to output)."""
    chain = project.chain()
    if project.settings.get("training.rule", "gradient") != "perceptron":
        return [DesignIssue(n.id, THRESHOLD_MESSAGE) for n in chain
                if n.params.get("activation") == "threshold"]
    issues = [DesignIssue(n.id, "The perceptron rule trains a single layer of threshold units: "
                                "connect the input straight to the output.")
              for n in chain[1:] if LAYER_TYPES[n.type].role != "output"]
    output = chain[-1] if chain else None
    if output is not None and output.params.get("activation") != "threshold":
        issues.append(DesignIssue(output.id, "The perceptron rule needs threshold units: set the "
                                             "output's activation to 'threshold'."))
    return issues


def _check_task(project: Project, task: TaskInfo) -> list[DesignIssue]:
    issues: list[DesignIssue] = []
    loss = project.settings["training.loss"]
    output = next(n for n in project.nodes.values() if LAYER_TYPES[n.type].role == "output")
    if project.settings.get("training.rule") == "perceptron":
        if task.task not in ("binary", "multiclass"):
            issues.append(DesignIssue(None, "The perceptron rule classifies: choose a dataset "
                                            "with classes."))
        elif output.params["units"] != task.output_dim:
            issues.append(DesignIssue(output.id, f"The output has {output.params['units']} "
                                                 f"unit(s) but the task needs {task.output_dim}."))
        return issues  # the perceptron rule uses no loss
    allowed = _LOSS_FOR_TASK.get(task.task.replace("sequence_", "").replace(
        "classification", "multiclass"))
    if allowed and loss not in allowed:
        issues.append(DesignIssue(None, f"The loss '{loss}' does not fit a {task.task} task: "
                                        f"use {' or '.join(allowed)}."))
    units = output.params["units"]
    if units != task.output_dim:
        what = {"binary": "1 unit for two classes", "multiclass": f"{task.output_dim} units, one "
                "per class", "sequence_classification": f"{task.output_dim} units, one per "
                "class"}.get(task.task, f"{task.output_dim} unit(s), one per target")
        issues.append(DesignIssue(output.id, f"The output has {units} unit(s) but the task needs "
                                             f"{what}."))
    if loss in ("bce", "ce") and output.params["activation"] not in ("auto", "linear"):
        issues.append(DesignIssue(output.id, f"With the {loss} loss the output gives logits: set "
                                             "its activation to 'auto'."))
    return issues


def _find_cycle(project: Project) -> list[str]:
    graph = {nid: [t for s, t in project.edges if s == nid] for nid in project.nodes}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(nid: str) -> list[str]:
        state[nid] = 1
        path.append(nid)
        for nxt in graph[nid]:
            if state.get(nxt) == 1:
                return path[path.index(nxt):]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[nid] = 2
        path.pop()
        return []

    for nid in graph:
        if nid not in state:
            found = visit(nid)
            if found:
                return list(found)
    return []
