// A load generator for the web API: N keep-alive clients, each on its own thread and
// connection, asking the given routes in turn. Written in C++ so the clients cost the machine
// little: on two cores a Python client with 50 threads spends as much CPU as the server and
// its scheduling delays end up in the measured latency.
//
//   bench_http_load PORT TOKEN CLIENTS REQUESTS PAUSE_MS ROUTE...
//
// Each client connects (one untimed request), then sends REQUESTS requests (waiting PAUSE_MS
// between them; 0: back to back) and all clients start together. Prints one JSON object: per route
// n, p50_ms, p99_ms, max_ms; the wall time and requests per second.
#include <httplib.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t i = std::min(values.size() - 1, static_cast<size_t>(values.size() * p / 100));
  return values[i];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::cerr << "usage: bench_http_load PORT TOKEN CLIENTS REQUESTS PAUSE_MS ROUTE...\n";
    return 2;
  }
  const int port = std::stoi(argv[1]);
  const std::string token = argv[2];
  const int clients = std::stoi(argv[3]);
  const int requests = std::stoi(argv[4]);
  const auto pause = std::chrono::milliseconds(std::stoi(argv[5]));
  const std::vector<std::string> routes(argv + 6, argv + argc);

  std::mutex mutex;
  std::map<std::string, std::vector<double>> timings;
  int failures = 0;
  std::barrier start(clients + 1);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      std::map<std::string, std::vector<double>> mine;
      int failed = 0;
      // Connect first (untimed): the figures are for clients that keep their connection, as
      // a browser does, not for fifty TCP handshakes arriving at once.
      if (!client.Get(routes.front(), headers)) ++failed;
      start.arrive_and_wait();
      for (int i = 0; i < requests; ++i) {
        // Clients start at different routes, so every route sees the whole concurrency.
        const std::string& route = routes[(i + c) % routes.size()];
        const auto t0 = Clock::now();
        const auto response = client.Get(route, headers);
        const std::chrono::duration<double, std::milli> ms = Clock::now() - t0;
        if (!response || response->status != 200) ++failed;
        mine[route].push_back(ms.count());
        if (pause.count() > 0) std::this_thread::sleep_for(pause);
      }
      std::lock_guard lock(mutex);
      failures += failed;
      for (auto& [route, values] : mine) {
        timings[route].insert(timings[route].end(), values.begin(), values.end());
      }
    });
  }
  start.arrive_and_wait();
  const auto t0 = Clock::now();
  for (auto& t : threads) t.join();
  const std::chrono::duration<double> wall = Clock::now() - t0;

  size_t total = 0;
  std::printf("{\"routes\": {");
  const char* sep = "";
  for (const auto& [route, values] : timings) {
    total += values.size();
    std::printf("%s\"%s\": {\"n\": %zu, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}", sep,
                route.c_str(), values.size(), Percentile(values, 50), Percentile(values, 99),
                Percentile(values, 100));
    sep = ", ";
  }
  std::printf("}, \"failures\": %d, \"wall_s\": %.3f, \"requests_per_s\": %.0f}\n", failures,
              wall.count(), total / wall.count());
  return failures == 0 ? 0 : 1;
}
