#include "domain/phone_number.hpp"

#include <memory>
#include <mutex>
#include <set>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include "domain/text/arabic.hpp"

namespace muster::domain {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// The library's own logger writes to stdout; its messages are about bad input, which the
// callers report themselves.
const PhoneNumberUtil& util() {
  static const PhoneNumberUtil* instance = [] {
    auto* u = PhoneNumberUtil::GetInstance();
    u->SetLogger(new i18n::phonenumbers::NullLogger());
    return u;
  }();
  return *instance;
}

std::mutex region_mutex;
std::string current_region;  // guarded by region_mutex

std::optional<PhoneNumber> parse(std::string_view typed, std::string_view region) {
  // Arabic-Indic and Persian digits become ASCII first (the library reads them too, but the
  // folding here also drops the marks and tatweel that pasted numbers carry).
  std::string folded = normalize_for_search(typed);
  if (folded.empty() || folded.size() > 40) return std::nullopt;
  PhoneNumber number;
  std::string country = region.empty() ? "ZZ" : std::string(region);  // ZZ: only "+<code>..." parses
  if (util().Parse(folded, country, &number) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  if (!util().IsPossibleNumber(number)) return std::nullopt;
  return number;
}

}  // namespace

void set_phone_region(std::string region) {
  std::lock_guard lock(region_mutex);
  current_region = std::move(region);
}

std::string phone_region() {
  std::lock_guard lock(region_mutex);
  return current_region;
}

bool is_phone_region(std::string_view region) {
  static const std::set<std::string> regions = [] {
    std::set<std::string> out;
    util().GetSupportedRegions(&out);
    return out;
  }();
  return regions.count(std::string(region)) > 0;
}

std::optional<std::string> to_e164(std::string_view typed, std::string_view region) {
  auto number = parse(typed, region);
  if (!number) return std::nullopt;
  std::string out;
  util().Format(*number, PhoneNumberUtil::E164, &out);
  return out;
}

std::optional<std::string> e164_from_digits(std::string_view digits) {
  if (digits.size() < 8 || digits.size() > 15 || digits.front() == '0') return std::nullopt;
  PhoneNumber number;
  if (util().Parse("+" + std::string(digits), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  if (!util().IsValidNumber(number)) return std::nullopt;  // stricter: a guess must be a real number
  std::string out;
  util().Format(number, PhoneNumberUtil::E164, &out);
  return out;
}

std::string phone_search_text(std::string_view typed, std::string_view region) {
  auto number = parse(typed, region);
  if (!number) return {};
  std::string e164;
  util().Format(*number, PhoneNumberUtil::E164, &e164);
  std::string national;
  util().Format(*number, PhoneNumberUtil::NATIONAL, &national);
  std::string national_digits;
  for (char c : national)
    if (c >= '0' && c <= '9') national_digits += c;
  return e164.substr(1) + " " + national_digits;
}

}  // namespace muster::domain
