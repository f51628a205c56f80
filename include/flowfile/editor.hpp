// Opening a flow in the web app's Designer from a program: the C++ side of
// ff.open_graph_in_editor (Python calls this same implementation).
//
//   ff::FlowFrame frame = ff::from_csv("orders.csv").filter(...);
//   ff::EditorResult r = ff::open_graph_in_editor(frame);   // r.ok, r.path, r.url
//
// Contract:
//  - The flow is saved as YAML in the Flowfile home's flows/ folder (DefaultConfigDir()):
//    `storage_location` empty gives flows/flow-<time>.yaml; a bare name lands in flows/; a path
//    elsewhere is saved there and a copy goes to flows/ for the editor; a name without
//    .yaml/.yml gets .yaml.
//  - The editor is the home's one `flowfile ui`: a running one is found through
//    <home>/ui/server.json and reused when it answers; otherwise one is started in the
//    background (`flowfile ui --port 0 --no-browser`, in a session of its own, its log in
//    <home>/ui/server.log, owner-only) and keeps running after this program ends.
//  - The server is asked to open the saved flow, so ok means the editor has it.
//  - With open_browser and a display ($DISPLAY, $WAYLAND_DISPLAY or $BROWSER) the flow opens
//    in the browser (through an owner-only page: the sign-in token stays off command lines);
//    otherwise, with print_url, "Flowfile editor: <url>" is printed on stdout.
//  - Never throws: a failure gives ok false and `warning` saying why and where the flow was
//    saved (and, with `warn`, the same through ff::Warn), so scripts carry on.
#pragma once

#include <string>
#include <vector>

namespace ff {

class Flow;
class FlowFrame;

struct EditorOptions {
  std::string storage_location;  //!< see the contract; empty: flows/flow-<time>.yaml
  bool open_browser = true;      //!< when there is a display
  bool print_url = true;         //!< print the URL when no browser was opened
  bool warn = true;              //!< report a failure through ff::Warn too
  //! The `flowfile` program. Empty: $FLOWFILE_CLI (then only that), else beside this program
  //! or library (an install's bin/, a build tree's cli/), in `search_dirs`, or on PATH.
  std::string program;
  std::vector<std::string> search_dirs;
  int start_timeout_seconds = 20;  //!< for a new server to publish its address
};

struct EditorResult {
  bool ok = false;
  std::string path;  //!< the saved flow file (empty when saving failed)
  std::string url;   //!< signs in to the server and opens the flow (holds its token)
  bool started_server = false;
  int server_pid = 0;
  bool browser_opened = false;
  std::string warning;  //!< why not, when !ok
};

//! Saves the frame's flow graph (FlowFrame::save_graph) and opens it in the Designer.
EditorResult open_graph_in_editor(const FlowFrame& frame, const EditorOptions& options = {});
//! The same for an opened flow file (Flow::Save).
EditorResult open_graph_in_editor(const Flow& flow, const EditorOptions& options = {});

}  // namespace ff
