"""Flow files: ``ff.open_flow(path)`` opens a flow written by Flowfile (or by ``save_graph``);
``flow.run()`` runs every output node; ``flow.frame(node_id)`` is one node's lazy result.

A Flow also behaves as the frame of its result (the last node nothing reads), so
``ff.open_flow(path).collect()`` works as it does for a frame."""

from __future__ import annotations

import json
import os

from . import _core
from .errors import FlowfileError


class FlowRunError(FlowfileError, RuntimeError):
    """A node failed while a flow ran: ``node_id`` names it (None when the failure was not a
    node's), ``result`` holds the FlowRunResult so far. Also a RuntimeError.
    """

    def __init__(self, message: str, node_id: int | None, result: "FlowRunResult"):
        super().__init__(message)
        self.node_id = node_id
        self.result = result


class NodeRun:
    """What one node did in a run: id, type, description, status ("ok", "dry-run", "skipped" or
    "failed"), rows (None when not counted), seconds, error.
    """

    __slots__ = ("id", "type", "description", "status", "rows", "seconds", "error")

    def __init__(self, raw: dict):
        for key in self.__slots__:
            setattr(self, key, raw[key])

    def __repr__(self) -> str:
        rows = "" if self.rows is None else f", rows={self.rows}"
        return (f"NodeRun(id={self.id}, type={self.type!r}, status={self.status!r}{rows}, "
                f"seconds={self.seconds:.3f})")


class FlowRunResult:
    """What a flow run did: ``ok`` and ``nodes``, the NodeRun of each node executed, in run order.
    """

    __slots__ = ("nodes", "ok")

    def __init__(self, raw: dict):
        self.ok = raw["ok"]
        self.nodes = [NodeRun(n) for n in raw["nodes"]]

    def __repr__(self) -> str:
        lines = "\n".join(f"  {n!r}" for n in self.nodes)
        return f"FlowRunResult(ok={self.ok},\n{lines}\n)"


class FlowFileNode:
    """One node as the flow file describes it: id, type, description, input_ids, output_ids,
    settings (a dict), x, y, runnable; also under FlowNode's names (node_id, node_type,
    setting_input).
    """

    __slots__ = ("id", "type", "description", "input_ids", "output_ids", "settings", "x", "y",
                 "runnable")

    def __init__(self, raw: dict):
        for key in self.__slots__:
            setattr(self, key, raw[key])
        self.settings = json.loads(raw["settings"])

    node_id = property(lambda self: self.id)
    node_type = property(lambda self: self.type)
    setting_input = property(lambda self: self.settings)

    def __repr__(self) -> str:
        label = f" {self.description!r}" if self.description else ""
        return f"FlowFileNode(id={self.id}, type={self.type!r}{label}, inputs={self.input_ids})"


def _params(params) -> dict:
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of name -> value, not {type(params).__name__}")
    out = {}
    for name, value in params.items():
        out[str(name)] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return out


class Flow:
    """An opened flow file (``ff.open_flow(path)``). Immutable: parameters and a base directory are
    given per call.

    A Flow also behaves as the frame of its result, the last node nothing reads:
    ``ff.open_flow(path).sort("a").collect()``. ``params`` (everywhere) is a dict of flow parameter
    name -> value overriding the declared defaults (bools become "true"/"false"; TypeError for a
    non-dict); ``base_dir`` resolves the flow's relative paths (default: the working directory).
    """

    __slots__ = ("_flow", "_result_frame", "schema_errors")

    def __init__(self, core_flow):
        self._flow = core_flow
        self._result_frame = None
        self.schema_errors = {}

    @property
    def name(self) -> str:
        """The flow's name."""
        return self._flow.name

    @property
    def path(self) -> str:
        """The file the flow was opened from."""
        return self._flow.path

    @property
    def parameters(self) -> list[dict]:
        """The flow's parameters (name, default value...) as dicts."""
        return self._flow.parameters()

    @property
    def nodes(self) -> list[FlowFileNode]:
        """The flow's nodes, as FlowFileNode records."""
        return [FlowFileNode(n) for n in self._flow.nodes()]

    def node(self, node_id: int) -> FlowFileNode:
        """The node ``node_id``; NotFoundError listing the flow's node ids when it has none such."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        from .errors import NotFoundError
        known = ", ".join(str(n.id) for n in self.nodes)
        raise NotFoundError(f"the flow has no node {node_id}; its nodes are {known}")

    def frame(self, node_id: int, *, params: dict | None = None, base_dir=None,
              output: int = 0):
        """The lazy frame node ``node_id`` produces; ``output`` picks one output of a node with
        several (e.g. a filter's pass / fail outputs).
        """
        from .frame import FlowFrame
        base = os.fspath(base_dir) if base_dir is not None else ""
        return FlowFrame(self._flow.frame(int(node_id), _params(params), base, int(output)))

    def predicted_schemas(self, *, params: dict | None = None, base_dir=None) -> dict:
        """{node id: [(column, dtype name), ...]} for every node, without reading data; the nodes
        that cannot be built are listed in ``flow.schema_errors`` (node id -> message) instead.
        """
        base = os.fspath(base_dir) if base_dir is not None else ""
        schemas, errors = self._flow.predicted_schemas(_params(params), base)
        self.schema_errors = errors
        return schemas

    def collect(self, node_id: int | None = None, *, params: dict | None = None, base_dir=None):
        """The result of ``node_id`` (default: the flow's last node nothing reads), as a DataFrame.
        """
        if node_id is None and params is None and base_dir is None:
            return self._result().collect()
        if node_id is None:
            node_id = self._terminal()
        return self.frame(node_id, params=params, base_dir=base_dir).collect()

    def run(self, *, params: dict | None = None, dry_run: bool = False, base_dir=None,
            on_node=None) -> FlowRunResult:
        """Runs every output node (writes, catalog tables...) and returns a FlowRunResult.

        dry_run: write nothing; each output reports the rows it would write. on_node: called with
        each NodeRun as it finishes. Raises FlowRunError naming the node that failed.
        """
        base = os.fspath(base_dir) if base_dir is not None else ""
        callback = None if on_node is None else (lambda raw: on_node(NodeRun(raw)))
        raw = self._flow.run(_params(params), bool(dry_run), base, callback)
        result = FlowRunResult(raw)
        if not raw["ok"]:
            raise FlowRunError(raw["error"], raw["failed_node"], result)
        return result

    def save(self, path) -> None:
        """Writes the flow as read (YAML for .yaml/.yml, else JSON)."""
        self._flow.save(os.fspath(path))

    save_graph = save_flow = save

    def to_json(self) -> str:
        """The flow as Flowfile's JSON text."""
        return self._flow.to_json()

    def to_code(self, target: str = "python") -> str:
        """The flow as code: target "python" (a script over this API), "cpp", "cmake" (a
        CMakeLists.txt for the C++ program) or "sql"; InvalidArgumentError for another target.
        """
        return self._flow.to_code(target)

    def _terminal(self) -> int:
        read = {i for n in self.nodes for i in n.input_ids}
        terminal = [n.id for n in self.nodes if n.id not in read]
        if not terminal:
            from .errors import InvalidArgumentError
            raise InvalidArgumentError("the flow has no nodes")
        return terminal[-1]

    def _result(self):
        if self._result_frame is None:
            self._result_frame = self.frame(self._terminal())
        return self._result_frame

    def __getattr__(self, name):
        # The flow as its result frame: open_flow(path).sort(...).collect().
        return getattr(self._result(), name)

    def __repr__(self) -> str:
        return f"Flow({self.name!r}, {len(self._flow.nodes())} nodes)"


def open_flow(path) -> Flow:
    """Opens a flow file (YAML or JSON) written by Flowfile or by ``save_graph``; NotFoundError when
    the file does not exist.
    """
    return Flow(_core.Flow.open(os.fspath(path)))


def apply_node(node_type: str, settings: dict, *inputs, description: str | None = None,
               params: dict | None = None, base_dir=None, node_id: int = 1,
               saved: dict | None = None) -> list:
    """What one flow node does, applied to frames (generated code calls this).

    node_type: a key of ``node_types()``. settings: the node's setting_input. inputs: its main
    inputs, then its right input (FlowFrames or DataFrames; TypeError for others). params /
    base_dir: as for ``Flow.run``. node_id and saved: the node's id and saved state, for nodes
    that need them. Returns one frame per output; an output node writes at once.
    InvalidArgumentError names the setting that is wrong.
    """
    from .frame import FlowFrame

    frames = []
    for i in inputs:
        frame = i.lazy() if hasattr(i, "lazy") and not isinstance(i, FlowFrame) else i
        if not isinstance(frame, FlowFrame):
            raise TypeError(f"apply_node inputs must be frames, not {type(i).__name__}")
        frames.append(frame._f)
    base = os.fspath(base_dir) if base_dir is not None else ""
    out = _core.apply_node(node_type, json.dumps(settings), frames, description or "",
                           _params(params), base, int(node_id),
                           json.dumps(saved) if saved is not None else "")
    return [FlowFrame(f) for f in out]


def node_types() -> list[dict]:
    """The node types flows can use: dicts with key, group, ports, runnable and settings_schema
    (the JSON Schema of the node's settings).
    """
    out = []
    for t in _core.node_types():
        t = dict(t)
        t["settings_schema"] = json.loads(t["settings_schema"])
        out.append(t)
    return out
