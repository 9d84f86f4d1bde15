"""Design checks for recurrent networks (called by :func:`validate.check_design`).

A recurrent layer reads sequences (N, T, features). Along the chain the data stays a
sequence until a recurrent layer with ``return_sequences`` off (many-to-one) keeps only its
last state; Dense and Output layers work per time step and keep whatever they get. The
checks refuse, on the layer concerned and with the reason:

* a recurrent layer on a dataset of plain vectors (no time axis);
* a recurrent layer after a many-to-one layer (it would get no sequence);
* an output that does not fit the task: one answer per sequence wanted but the network still
  outputs every step, or a prediction at every step wanted but a layer kept only the last;
* a bidirectional layer on a next-step prediction task (it would read the answer).
"""

from __future__ import annotations

from .recurrent_types import RECURRENT_TYPE_IDS
from .registry import LAYER_TYPES

#: datasets whose target is the next input: a backward-reading layer would see the answer
NEXT_STEP_DATASETS = ("sine", "chars")
MANY_TO_MANY_SWITCH = "'Many-to-many (output every step)'"


def check_sequences(project, task) -> list:
    from .validate import DesignIssue

    chain = project.chain()[1:]
    recurrent = [n for n in chain if n.type in RECURRENT_TYPE_IDS]
    if not task.sequence:
        return [DesignIssue(n.id, f"{_name(n)} layers read sequences, but the dataset gives one "
                                  "vector per example (no time steps): choose a sequence "
                                  "dataset such as sine waves or delayed recall, or remove "
                                  "this layer.") for n in recurrent]
    issues = []
    sequence, reducer = True, None
    for node in recurrent:
        if not sequence:
            issues.append(DesignIssue(node.id, f"This {_name(node)} layer gets one vector per "
                                               f"example, not a sequence: {reducer.id} before it "
                                               "is many-to-one. To stack recurrent layers, "
                                               f"switch on {MANY_TO_MANY_SWITCH} on {reducer.id}."))
            continue
        if not node.params["return_sequences"]:
            sequence, reducer = False, node
        if node.type == "bidirectional" and \
                project.settings.get("dataset.name") in NEXT_STEP_DATASETS:
            issues.append(DesignIssue(node.id, "A bidirectional layer also reads the sequence "
                                               "backwards, so on next-step prediction it sees "
                                               "the answer (the next input). Use a one-way RNN, "
                                               "LSTM or GRU here."))
    if issues:
        return issues
    output = chain[-1] if chain else None
    many_to_many = getattr(task, "many_to_many", False)
    if many_to_many and not sequence:
        issues.append(DesignIssue(reducer.id, "The task asks for a prediction at every time step "
                                              "(many-to-many), but this layer passes on only its "
                                              f"last state: switch on {MANY_TO_MANY_SWITCH}."))
    elif not many_to_many and sequence:
        if recurrent:
            last = recurrent[-1]
            issues.append(DesignIssue(last.id, "The task asks for one answer per sequence "
                                               "(many-to-one), but this layer outputs every time "
                                               f"step: switch off {MANY_TO_MANY_SWITCH} on the "
                                               "last recurrent layer."))
        elif output is not None:
            issues.append(DesignIssue(output.id, "The task asks for one answer per sequence, but "
                                                 "no layer reads the sequence as a whole: add an "
                                                 "RNN, LSTM or GRU (many-to-one) before the "
                                                 "output."))
    return issues


def _name(node) -> str:
    return LAYER_TYPES[node.type].name
