"""The flow graph a frame builds: ``frame.flow_graph.nodes`` and the editor hand-off."""

from __future__ import annotations

import os

# json, pathlib and warnings are imported where used: importing flowfile stays
# cheap for the many programs that never list nodes or open the editor.


class FlowNode:
    """One step of a frame's flow graph. Attributes: node_id, node_type (Flowfile's node type,
    such as "manual_input", "filter", "join"), description, setting_input (the node's settings as a
    dict), input_ids, x_position, y_position.
    """

    __slots__ = ("node_id", "node_type", "description", "setting_input", "input_ids", "x_position",
                 "y_position")

    def __init__(self, raw: dict):
        self.node_id = raw["id"]
        self.node_type = raw["type"]
        self.description = raw["description"]
        import json

        self.setting_input = json.loads(raw["settings"])
        self.input_ids = list(raw["input_ids"])
        self.x_position = raw["x"]
        self.y_position = raw["y"]

    id = property(lambda self: self.node_id, doc="The node id (``node_id``).")
    type = property(lambda self: self.node_type, doc="The node type (``node_type``).")
    settings = property(lambda self: self.setting_input,
                        doc="The node's settings as a dict (``setting_input``).")

    def __repr__(self) -> str:
        label = f" {self.description!r}" if self.description else ""
        return f"FlowNode(id={self.node_id}, type={self.node_type!r}{label}, inputs={self.input_ids})"


class FlowGraph:
    """The graph of steps that build a frame (``frame.flow_graph``): its nodes in dependency order,
    with ids 1..n. ``len(graph)`` is the number of nodes.
    """

    def __init__(self, frame):
        self._frame = frame
        self._nodes = None

    @property
    def nodes(self) -> list[FlowNode]:
        """The nodes, in dependency order."""
        if self._nodes is None:
            self._nodes = [FlowNode(n) for n in self._frame._f.graph_nodes()]
        return self._nodes

    def get_node(self, node_id: int) -> FlowNode | None:
        """The node with id ``node_id``, or None."""
        return next((n for n in self.nodes if n.node_id == node_id), None)

    @property
    def node_ids(self) -> list[int]:
        """The node ids, in order."""
        return [n.node_id for n in self.nodes]

    def save_flow(self, path) -> None:
        """Saves the graph as a flow file (YAML for .yaml/.yml, else JSON)."""
        self._frame._f.save_graph(os.fspath(path))

    save_graph = save_flow

    def __len__(self) -> int:
        return len(self.nodes)

    def __repr__(self) -> str:
        return "FlowGraph(\n" + "\n".join(f"  {n!r}" for n in self.nodes) + "\n)"


def open_graph_in_editor(flow_graph, storage_location=None, module_name: str = "flowfile",
                         automatically_open_browser: bool = True) -> bool:
    """Opens the flow in the web app's Designer, on the canvas, each node labelled by its
    description.

    flow_graph: a FlowGraph or a frame. The flow is saved as YAML in the Flowfile home's
    ``flows/`` folder (storage_location: a file name or path there; a path elsewhere is saved
    there too, and a copy goes to ``flows/`` for the editor). The editor is this home's
    ``flowfile ui``: a running one is reused (it is found through ``<home>/ui/server.json``),
    otherwise one is started in the background (``flowfile ui --no-browser``; the
    ``flowfile`` program is $FLOWFILE_CLI, the one installed beside this module, or on PATH)
    and keeps running. automatically_open_browser opens the flow in the browser when there is
    a display (or $BROWSER); otherwise, or when it is False, the URL is printed. Returns True
    when the editor has the flow; otherwise warns (a UserWarning naming the saved file and
    why) and returns False, so scripts carry on. module_name: accepted and ignored.
    """
    import sys
    import warnings

    from ._core import open_graph_in_editor as _open_in_editor

    frame = getattr(flow_graph, "_frame", flow_graph)
    location = os.fspath(storage_location) if storage_location else ""
    # The core (ff::open_graph_in_editor) saves, finds or starts the server and opens the
    # browser; beside it, the flowfile installed with this Python is looked for too.
    result = _open_in_editor(frame._f, location, bool(automatically_open_browser),
                             [os.path.join(sys.prefix, "bin")])
    if not result["ok"]:
        warnings.warn(result["warning"], UserWarning, stacklevel=2)
        return False
    if not result["browser_opened"]:
        print(f"Flowfile editor: {result['url']}", flush=True)
    return True
