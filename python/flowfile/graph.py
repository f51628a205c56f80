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
    """Saves the flow as YAML and hands it to a running Flowfile editor.

    flow_graph: a FlowGraph or a frame. storage_location: where the flow is saved (default: the
    Flowfile home's ``flows/`` folder, never a temporary file). The editor is looked for at
    $FLOWFILE_HOST:$FLOWFILE_PORT (default 127.0.0.1:63578); automatically_open_browser opens
    the flow in the browser. Returns True when an editor accepted it; otherwise warns (a
    UserWarning naming the saved file) and returns False, so scripts carry on. module_name:
    accepted and ignored.
    """
    import datetime
    import json
    import pathlib
    import warnings

    from .admin import config_dir

    frame = getattr(flow_graph, "_frame", flow_graph)
    if storage_location:
        path = pathlib.Path(storage_location)
    else:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = pathlib.Path(config_dir()) / "flows" / f"flow-{stamp}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
    frame._f.save_graph(str(path))
    import urllib.parse  # imported here: most programs never open the editor
    import urllib.request

    host = os.environ.get("FLOWFILE_HOST", "127.0.0.1")
    port = os.environ.get("FLOWFILE_PORT", "63578")
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/docs", timeout=0.5):
            pass
    except Exception:
        warnings.warn(f"no Flowfile editor answers at {host}:{port}; the flow is saved at {path} "
                      f"(run it with `flowfile run {path}`)", UserWarning, stacklevel=2)
        return False
    try:
        query = urllib.parse.urlencode({"flow_path": str(path)})
        with urllib.request.urlopen(f"http://{host}:{port}/import_flow/?{query}", timeout=5) as r:
            flow_id = json.loads(r.read() or b"null")
        if automatically_open_browser and flow_id is not None:
            import webbrowser
            webbrowser.open(f"http://{host}:{port}/ui/flow/{flow_id}")
        return True
    except Exception as exc:  # the editor is optional; report and carry on
        warnings.warn(f"the editor at {host}:{port} did not accept the flow ({exc}); it is "
                      f"saved at {path}", UserWarning, stacklevel=2)
        return False
