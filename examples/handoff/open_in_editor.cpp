// ff::open_graph_in_editor from C++: the flow opens in the Designer of the home's `flowfile ui`
// (a running one is reused, else one starts in the background). Prints what happened:
//   example_open_in_editor [NAME]   ->  "saved <path>", "server <pid> reused|started",
//                                       then "Flowfile editor: <url>" (headless) or the browser
// Not run by ctest (it would leave a server running): tests/python/test_editor_handoff.py
// runs it against a server it started.
#include <cstdio>
#include <flowfile/editor.hpp>
#include <flowfile/frame.hpp>

int main(int argc, char** argv) {
  const ff::Value one{.kind = ff::Value::Kind::kInt, .integer = 1};
  const ff::Value fifty{.kind = ff::Value::Kind::kInt, .integer = 50};
  const ff::FlowFrame frame =
      ff::from_columns({{"amount", {one, fifty}}})
          .filter(ff::col("amount") > 10, {.description = "Drop small orders"});
  ff::EditorOptions options;
  if (argc > 1) options.storage_location = argv[1];
  const ff::EditorResult result = ff::open_graph_in_editor(frame, options);
  if (!result.ok) return 1;  // the warning is already on stderr
  std::printf("saved %s\nserver %d %s\n", result.path.c_str(), result.server_pid,
              result.started_server ? "started" : "reused");
  return 0;
}
