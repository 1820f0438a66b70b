// Phone numbers compared in E.164 ("+966509876543"), so "0509876543", "+966 50 987 6543" and
// "٠٥٠٩٨٧٦٥٤٣" are one number. Parsing is libphonenumber's (Debian's libphonenumber-dev): Google's
// numbering plans for every country, updated with the package, where a hand-written rule would
// know a few countries and age. Numbers written without a country code are read with the
// organization's country.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace muster::domain {

// The organization's country (ISO 3166 alpha-2, "SA"; "" for none). One organization per server:
// set at start-up and when an admin changes it; read on any thread.
void set_phone_region(std::string region);
std::string phone_region();

// A country the numbering plans know ("SA", "AE"; upper case).
bool is_phone_region(std::string_view region);

// The number in E.164 when it is a possible number, read with `region` when it has no country
// code; nullopt otherwise (too short, letters, an unknown country code).
std::optional<std::string> to_e164(std::string_view typed, std::string_view region);

// Digits written with the country code but without "+" ("966509876543"): the E.164 number when
// that is a valid number of its country; nullopt otherwise.
std::optional<std::string> e164_from_digits(std::string_view digits);

// What a directory search finds a number by: its E.164 digits and its national digits (with the
// leading 0 where the country dials one), space-separated; "" when it is not a possible number.
std::string phone_search_text(std::string_view typed, std::string_view region);

}  // namespace muster::domain
