#include "core/json.hpp"

#include "domain/text/arabic.hpp"

namespace muster {

Result<Json> parse_json_object(std::string_view body) {
  if (!domain::is_valid_utf8(body)) return invalid("The request body is not valid UTF-8.").because("body_not_utf8");
  Json parsed = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return invalid("The request body is not valid JSON.").because("body_not_json");
  if (!parsed.is_object()) return invalid("The request body must be a JSON object.").because("body_not_json");
  return parsed;
}

JsonReader::JsonReader(const Json& object, std::initializer_list<std::string_view> allowed) : obj_(object) {
  for (const auto& [key, _] : obj_.items()) {
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      fail("Unknown field '" + key + "'.", key, "field_unknown");
      break;
    }
  }
}

void JsonReader::fail(std::string message, std::string_view key, std::string reason, Error::Params params) {
  if (!error_) error_ = invalid(std::move(message), std::string(key)).because(std::move(reason), std::move(params));
}

Status JsonReader::status() const {
  if (error_) return *error_;
  return ok_status();
}

bool JsonReader::has(std::string_view key) const { return obj_.contains(key); }

static std::string trim(std::string s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::optional<std::string> JsonReader::string(std::string_view key, size_t max_chars) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    fail("Field '" + std::string(key) + "' must be a string.", key, "field_not_text");
    return std::nullopt;
  }
  std::string value = trim(it->get<std::string>());
  if (value.find('\0') != std::string::npos) {
    fail("Field '" + std::string(key) + "' must not contain NUL characters.", key, "field_not_text");
    return std::nullopt;
  }
  if (domain::utf8_length(value) > max_chars) {
    fail("Field '" + std::string(key) + "' is longer than " + std::to_string(max_chars) + " characters.", key,
         "field_too_long", {{"max", std::to_string(max_chars)}});
    return std::nullopt;
  }
  return value;
}

std::string JsonReader::required_string(std::string_view key, size_t max_chars) {
  auto value = string(key, max_chars);
  if (!value || value->empty()) {
    fail("Field '" + std::string(key) + "' is required.", key, "field_required");
    return {};
  }
  return *value;
}

std::optional<bool> JsonReader::boolean(std::string_view key) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    fail("Field '" + std::string(key) + "' must be true or false.", key, "field_not_boolean");
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<std::vector<std::string>> JsonReader::string_list(std::string_view key, size_t max_items,
                                                                size_t max_chars) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) return std::nullopt;
  if (!it->is_array() || it->size() > max_items) {
    fail("Field '" + std::string(key) + "' must be a list of at most " + std::to_string(max_items) + " strings.", key,
         "field_too_many", {{"max", std::to_string(max_items)}});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *it) {
    if (!item.is_string() || domain::utf8_length(item.get<std::string>()) > max_chars) {
      fail("Field '" + std::string(key) + "' must hold strings of at most " + std::to_string(max_chars) +
               " characters.",
           key, "field_too_long", {{"max", std::to_string(max_chars)}});
      return std::nullopt;
    }
    std::string v = trim(item.get<std::string>());
    if (!v.empty()) out.push_back(std::move(v));
  }
  return out;
}

const Json* JsonReader::object(std::string_view key) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) return nullptr;
  if (!it->is_object()) {
    fail("Field '" + std::string(key) + "' must be an object.", key, "field_invalid");
    return nullptr;
  }
  return &*it;
}

std::optional<std::optional<std::string>> JsonReader::nullable_string(std::string_view key, size_t max_chars) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>{};
  auto v = string(key, max_chars);
  if (!v) return std::nullopt;
  return std::optional<std::string>{*v};
}

}  // namespace muster
