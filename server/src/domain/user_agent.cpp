#include "domain/user_agent.hpp"

#include <utility>

namespace muster::domain {

namespace {

bool has(std::string_view ua, std::string_view token) { return ua.find(token) != std::string_view::npos; }

// Order matters: browsers built on Chrome name Chrome (and Safari) too, so they come first; every
// iOS browser runs Safari's engine but names itself.
constexpr std::pair<std::string_view, std::string_view> kBrowsers[] = {
    {"Edg", "Edge"},          {"OPR/", "Opera"},        {"SamsungBrowser/", "Samsung Internet"},
    {"YaBrowser/", "Yandex"}, {"Firefox/", "Firefox"},  {"FxiOS/", "Firefox"},
    {"CriOS/", "Chrome"},     {"EdgiOS/", "Edge"},      {"Chromium/", "Chromium"},
    {"Chrome/", "Chrome"},    {"Safari/", "Safari"},
};

constexpr std::pair<std::string_view, std::string_view> kSystems[] = {
    {"iPhone", "iPhone"}, {"iPad", "iPad"},       {"Android", "Android"}, {"CrOS", "ChromeOS"},
    {"Windows", "Windows"}, {"Macintosh", "macOS"}, {"Linux", "Linux"},
};

}  // namespace

std::string device_name(std::string_view ua) {
  if (ua.empty()) return "Unknown device";
  if (!ua.starts_with("Mozilla/")) {
    // An API client: its own name (the `device` given for a token) or a tool's User-Agent.
    if (ua.starts_with("curl/")) return "curl";
    if (ua.starts_with("node") || ua.starts_with("undici")) return "Node.js client";
    return std::string(ua.substr(0, 60));
  }
  std::string_view browser = "Browser";
  for (const auto& [token, name] : kBrowsers)
    if (has(ua, token)) {
      browser = name;
      break;
    }
  if (has(ua, "HeadlessChrome")) browser = "Headless Chrome";
  std::string_view system;
  for (const auto& [token, name] : kSystems)
    if (has(ua, token)) {
      system = name;
      break;
    }
  if (system.empty()) return std::string(browser);
  return std::string(browser) + " on " + std::string(system);
}

}  // namespace muster::domain
