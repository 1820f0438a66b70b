// Request bodies of the main routes: the strict JSON object parser, then the body readers of
// messages, people, conversations, organization policies and membership rules. The first byte
// picks the reader; the rest is the body as a client sends it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json.hpp"
#include "domain/conversation.hpp"
#include "domain/membership_rule.hpp"
#include "domain/person_patch.hpp"
#include "domain/policies.hpp"
#include "transport/http/mappers.hpp"

namespace {
using namespace muster;

void message(const Json& body) {
  auto m = transport::http_api::read_new_message(body);
  if (!m.ok()) return;
  (void)domain::validate_client_id(m->client_id);
  (void)domain::validate_message_text(m->text);
}

void person(const Json& body) {
  auto patch = transport::http_api::read_person_patch(body);
  if (!patch.ok()) return;
  domain::Person before;
  domain::Person after = before;
  domain::apply_patch(*patch, after);
  (void)domain::changed_fields(before, after);
}

// The reads of POST /conversations (transport/http/chat_handlers.cpp), field by field.
void conversation(const Json& body) {
  JsonReader r(body, {"kind", "name", "description", "visibility", "member_ids", "poster_ids", "history"});
  (void)domain::parse_conversation_kind(r.required_string("kind", 20));
  (void)r.string("name", 200);
  (void)r.string("description", 2000);
  (void)r.string("visibility", 10);
  (void)r.string("history", 20);
  (void)r.string_list("member_ids", 1000, 64);
  (void)r.string_list("poster_ids", 1000, 64);
  (void)r.status();
}

// What the server sends back about accepted policies must be accepted again, unchanged.
void policies(const Json& body) {
  auto parsed = domain::parse_policies(body, domain::OrgPolicies{});
  if (!parsed.ok()) return;
  Json shown = domain::policies_json(*parsed);
  auto again = domain::parse_policies(shown, domain::OrgPolicies{});
  if (!again.ok() || domain::policies_json(*again) != shown) __builtin_trap();
}

// A stored rule (normalized) must parse again; evaluating it must terminate on any person.
void membership_rule(const Json& body) {
  auto rule = domain::MembershipRule::parse(body);
  if (!rule.ok()) return;
  if (!domain::MembershipRule::parse(rule->json()).ok()) __builtin_trap();
  domain::Person p;
  p.id = "p_1";
  p.name = "سارة";
  p.department = "Sales";
  (void)rule->matches(p, [](const std::string& id) -> std::optional<std::string> {
    return id == "p_1" ? std::optional<std::string>("p_2") : std::nullopt;
  });
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto body = parse_json_object(text);
  if (!body.ok()) return 0;
  // Whatever the parser accepts, the server can write back and read again.
  if (!parse_json_object(body->dump()).ok()) __builtin_trap();
  switch (data[0] % 5) {
    case 0: message(*body); break;
    case 1: person(*body); break;
    case 2: conversation(*body); break;
    case 3: policies(*body); break;
    case 4: membership_rule(*body); break;
  }
  return 0;
}
