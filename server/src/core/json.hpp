// JSON at the edges: nlohmann::json plus a strict reader for request bodies.
#pragma once
#include <nlohmann/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace muster {

using Json = nlohmann::json;

// Parses a request body that must be one JSON object of valid UTF-8.
Result<Json> parse_json_object(std::string_view body);

// Reads fields of a JSON object, rejecting unknown fields and wrong types with the field's name.
class JsonReader {
 public:
  JsonReader(const Json& object, std::initializer_list<std::string_view> allowed);

  // The first problem found (unknown field or wrong type), checked once all reads are done.
  Status status() const;

  bool has(std::string_view key) const;
  // String fields are trimmed; max_chars counts code points.
  std::optional<std::string> string(std::string_view key, size_t max_chars = 200);
  std::string required_string(std::string_view key, size_t max_chars = 200);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::vector<std::string>> string_list(std::string_view key, size_t max_items, size_t max_chars);
  const Json* object(std::string_view key);
  // A string field that may also be null (null reads as an empty optional inside).
  std::optional<std::optional<std::string>> nullable_string(std::string_view key, size_t max_chars = 200);

 private:
  void fail(std::string message, std::string_view key, std::string reason, Error::Params params = {});
  const Json& obj_;
  std::optional<Error> error_;
};

}  // namespace muster
