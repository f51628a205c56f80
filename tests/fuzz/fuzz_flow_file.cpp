// Flow files (Flowfile's YAML or JSON): parsed into the document, then into the flow model
// (nodes, connections, parameters, sub-flow references), as `open_flow` does before any node
// setting is read. The first input byte picks YAML or JSON.
#include <nlohmann/json.hpp>
#include <string>

#include "flow/flow_model.hpp"
#include "fuzz_support.hpp"
#include "util/yaml_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ff::fuzz::Input input(data, size);
  const bool yaml = input.Byte() % 2 == 0;
  const std::string text(input.Rest());
  ff::fuzz::Expect([&] {
    nlohmann::json document;
    if (yaml) {
      document = ff::util::YamlToJson(text);
    } else {
      // open_flow turns JSON syntax errors into ff::Error the same way.
      document = nlohmann::json::parse(text, nullptr, false);
      if (document.is_discarded()) return;
    }
    (void)ff::flow::BuildModel(std::move(document), "fuzz.yaml");
  });
  return 0;
}
