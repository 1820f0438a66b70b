// Conversations, messages, receipts and message search.
#include <charconv>

#include "app/chat_service.hpp"
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

using app::ChatService;

Json conversations_json(const std::vector<app::ConversationView>& views) {
  Json items = Json::array();
  for (const auto& v : views) items.push_back(ChatService::conversation_json(v));
  return {{"items", items}};
}

Json messages_json(const std::vector<app::MessageView>& views) {
  Json items = Json::array();
  for (const auto& v : views) items.push_back(ChatService::message_json(v));
  return items;
}

Json member_json(const app::MemberView& m) {
  Json j = {{"person_id", m.member.person_id}, {"name", m.name}, {"role", domain::to_string(m.member.role)},
            {"can_post", m.member.can_post},   {"joined_at", to_rfc3339(m.member.joined_at)},
            {"added_by", m.member.added_by},   {"external", m.external_company.has_value()}};
  if (m.external_company) j["company"] = *m.external_company;
  return j;
}

Json members_json(const std::vector<app::MemberView>& members) {
  Json items = Json::array();
  for (const auto& m : members) items.push_back(member_json(m));
  return {{"items", items}};
}

Json people_json(const std::vector<app::MemberView>& members) {
  Json items = Json::array();
  for (const auto& m : members) items.push_back({{"person_id", m.member.person_id}, {"name", m.name}});
  return items;
}

// A whole number >= 0 from the query, if present; `what` says what it should be.
Result<std::optional<std::int64_t>> seq_param(const Request& req, const std::string& name) {
  return number_param(req, name, "a message sequence number");
}

Result<std::int64_t> seq_body(const Request& req) {
  auto body = parse_json_object(req.body);
  if (!body.ok()) return body.error();
  JsonReader r(body.value(), {"seq"});
  TRY(r.status());
  auto it = body->find("seq");
  if (it == body->end() || !it->is_number_integer() || it->get<std::int64_t>() < 0)
    return invalid("Field 'seq' must be a whole number.", "seq");
  return it->get<std::int64_t>();
}

Result<std::vector<std::string>> id_list(const Json& body, const char* key, bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return invalid(std::string("Field '") + key + "' is required.", key);
    return std::vector<std::string>{};
  }
  if (!it->is_array() || it->size() > 10000) return invalid(std::string("Field '") + key + "' must be a list of ids.", key);
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 64)
      return invalid(std::string("Field '") + key + "' must be a list of ids.", key);
    out.push_back(v.get<std::string>());
  }
  return out;
}

// "full" or "since_joined", when given.
Result<std::optional<domain::HistoryVisibility>> history_field(const std::optional<std::string>& text) {
  if (!text) return std::optional<domain::HistoryVisibility>{};
  auto history = domain::parse_history_visibility(*text);
  if (!history) return invalid("History must be 'full' or 'since_joined'.", "history");
  return std::optional<domain::HistoryVisibility>{history};
}

}  // namespace

void register_chat_routes(Router& router, Services& s) {
  auto& chat = s.chat;

  router.add("GET", "/api/v1/conversations", Access::SignedIn, Body::None, [&chat](Request&, const app::Actor* a) {
    auto list = chat.list(*a);
    RETURN_IF_ERROR(list);
    return json_response(200, conversations_json(list.value()));
  });

  router.add("POST", "/api/v1/conversations", Access::SignedIn, Body::Json, [&chat](Request& req, const app::Actor* a) {
    PARSE_BODY(body, req);
    JsonReader r(body, {"kind", "name", "description", "visibility", "member_ids", "poster_ids", "history"});
    app::NewConversation nc;
    auto kind = domain::parse_conversation_kind(r.required_string("kind", 20));
    nc.name = r.string("name", 200).value_or("");
    nc.description = r.string("description", 2000).value_or("");
    auto visibility = r.string("visibility", 10).value_or("private");
    auto history = history_field(r.string("history", 20));
    if (!r.status().ok()) return error_response(r.status().error());
    RETURN_IF_ERROR(history);
    nc.history = history.value();
    if (!kind) return error_response(invalid("Kind must be direct, group, channel or announcement.", "kind"));
    if (visibility != "public" && visibility != "private")
      return error_response(invalid("Visibility must be 'public' or 'private'.", "visibility"));
    nc.kind = *kind;
    nc.is_public = visibility == "public";
    auto members = id_list(body, "member_ids", false);
    RETURN_IF_ERROR(members);
    auto posters = id_list(body, "poster_ids", false);
    RETURN_IF_ERROR(posters);
    nc.member_ids = members.value();
    nc.poster_ids = posters.value();
    auto created = chat.create(*a, nc);
    RETURN_IF_ERROR(created);
    return json_response(created->second ? 201 : 200, ChatService::conversation_json(created->first));
  });

  router.add("GET", "/api/v1/conversations/{id}", Access::SignedIn, Body::None, [&chat](Request& req, const app::Actor* a) {
    auto v = chat.get(*a, req.params["id"]);
    RETURN_IF_ERROR(v);
    return json_response(200, ChatService::conversation_json(v.value()));
  });

  router.add("PATCH", "/api/v1/conversations/{id}", Access::SignedIn, Body::Json,
             [&chat](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"name", "description", "visibility", "archived", "history"});
               app::ConversationChange ch{r.string("name", 200), r.string("description", 2000), std::nullopt,
                                          r.boolean("archived")};
               auto visibility = r.string("visibility", 10);
               auto history = history_field(r.string("history", 20));
               if (!r.status().ok()) return error_response(r.status().error());
               RETURN_IF_ERROR(history);
               ch.history = history.value();
               if (visibility) {
                 if (*visibility != "public" && *visibility != "private")
                   return error_response(invalid("Visibility must be 'public' or 'private'.", "visibility"));
                 ch.is_public = *visibility == "public";
               }
               auto v = chat.update(*a, req.params["id"], ch);
               RETURN_IF_ERROR(v);
               return json_response(200, ChatService::conversation_json(v.value()));
             });

  router.add("GET", "/api/v1/channels", Access::SignedIn, Body::None, [&chat](Request&, const app::Actor* a) {
    auto list = chat.public_channels(*a);
    RETURN_IF_ERROR(list);
    return json_response(200, conversations_json(list.value()));
  });

  router.add("POST", "/api/v1/conversations/{id}/join", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto v = chat.join(*a, req.params["id"]);
               RETURN_IF_ERROR(v);
               return json_response(200, ChatService::conversation_json(v.value()));
             });

  router.add("POST", "/api/v1/conversations/{id}/leave", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto done = chat.leave(*a, req.params["id"]);
               RETURN_IF_ERROR(done);
               return no_content();
             });

  router.add("GET", "/api/v1/conversations/{id}/members", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto members = chat.members(*a, req.params["id"]);
               RETURN_IF_ERROR(members);
               return json_response(200, members_json(members.value()));
             });

  router.add("GET", "/api/v1/conversations/{id}/membership", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto limit = limit_param(req);
               RETURN_IF_ERROR(limit);
               auto before = number_param(req, "before", "an entry id from a previous page");
               RETURN_IF_ERROR(before);
               auto page = chat.membership_history(*a, req.params["id"], before->value_or(0), limit.value());
               RETURN_IF_ERROR(page);
               Json items = Json::array();
               for (const auto& e : page->items)
                 items.push_back({{"id", e.change.id},
                                  {"person_id", e.change.person_id},
                                  {"person_name", e.person_name},
                                  {"change", e.change.change},
                                  {"reason", e.change.reason},
                                  {"by_id", e.change.actor_id},
                                  {"by_name", e.actor_name},
                                  {"at", to_rfc3339(e.change.at)}});
               return json_response(200, {{"items", items}, {"has_more", page->has_more}});
             });

  router.add("POST", "/api/v1/conversations/{id}/members", Access::SignedIn, Body::Json,
             [&chat](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"person_ids"});
               if (!r.status().ok()) return error_response(r.status().error());
               auto ids = id_list(body, "person_ids", true);
               RETURN_IF_ERROR(ids);
               auto members = chat.add_members(*a, req.params["id"], ids.value());
               RETURN_IF_ERROR(members);
               return json_response(200, members_json(members.value()));
             });

  router.add("PATCH", "/api/v1/conversations/{id}/members/{person_id}", Access::SignedIn, Body::Json,
             [&chat](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"role", "can_post"});
               auto role_text = r.string("role", 20);
               auto can_post = r.boolean("can_post");
               if (!r.status().ok()) return error_response(r.status().error());
               std::optional<domain::MemberRole> role;
               if (role_text) {
                 role = domain::parse_member_role(*role_text);
                 if (!role) return error_response(invalid("Role must be owner, moderator or member.", "role"));
               }
               auto m = chat.set_member_role(*a, req.params["id"], req.params["person_id"], role, can_post);
               RETURN_IF_ERROR(m);
               return json_response(200, member_json(m.value()));
             });

  router.add("DELETE", "/api/v1/conversations/{id}/members/{person_id}", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto done = chat.remove_member(*a, req.params["id"], req.params["person_id"]);
               RETURN_IF_ERROR(done);
               return no_content();
             });

  router.add("PATCH", "/api/v1/conversations/{id}/settings", Access::SignedIn, Body::Json,
             [&chat](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"notification_level", "muted", "pinned"});
               app::MemberSettings settings{std::nullopt, r.boolean("muted"), r.boolean("pinned")};
               auto level = r.string("notification_level", 20);
               if (!r.status().ok()) return error_response(r.status().error());
               if (level) {
                 settings.notification_level = domain::parse_notification_level(*level);
                 if (!settings.notification_level)
                   return error_response(invalid("Notification level must be all, mentions or none.", "notification_level"));
               }
               auto v = chat.settings(*a, req.params["id"], settings);
               RETURN_IF_ERROR(v);
               return json_response(200, ChatService::conversation_json(v.value()));
             });

  router.add("GET", "/api/v1/conversations/{id}/messages", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto limit = limit_param(req);
               RETURN_IF_ERROR(limit);
               auto before = seq_param(req, "before");
               RETURN_IF_ERROR(before);
               auto after = seq_param(req, "after");
               RETURN_IF_ERROR(after);
               std::optional<std::string> thread;
               if (!req.query_value("thread").empty()) thread = req.query_value("thread");
               auto page = chat.messages(*a, req.params["id"], before.value(), after.value(), limit.value(), thread);
               RETURN_IF_ERROR(page);
               auto views = chat.views(*a, page->items);
               RETURN_IF_ERROR(views);
               auto floor = chat.receipt_floor(*a, req.params["id"]);
               RETURN_IF_ERROR(floor);
               Json receipts = nullptr;
               if (floor.value()) receipts = {{"delivered_all_seq", floor.value()->delivered}, {"read_all_seq", floor.value()->read}};
               return json_response(200, {{"items", messages_json(views.value())}, {"has_more", page->has_more}, {"receipts", receipts}});
             });

  router.add_quick("POST", "/api/v1/conversations/{id}/messages", Access::SignedIn, Body::Json,
             [&chat](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               auto read = read_new_message(body);
               if (!read.ok()) return error_response(read.error());
               app::NewMessage m = std::move(read).value();
               auto answer = [](Result<app::SentMessage> sent) {
                 if (!sent.ok()) return error_response(sent.error());
                 return json_text_response(sent->created ? 201 : 200, std::move(sent->json));
               };
               if (!req.answer_later) return answer(chat.send(*a, req.params["id"], m));
               // Answered after the commit without holding a worker: concurrent sends share a batch.
               chat.send_async(*a, req.params["id"], m,
                               [answer, later = std::move(req.answer_later)](Result<app::SentMessage> sent) {
                                 later(answer(std::move(sent)));
                               });
               return deferred();
             });

  router.add("GET", "/api/v1/conversations/{id}/pins", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto pins = chat.pins(*a, req.params["id"]);
               RETURN_IF_ERROR(pins);
               return json_response(200, {{"items", messages_json(pins.value())}});
             });

  router.add("POST", "/api/v1/conversations/{id}/read", Access::SignedIn, Body::Json,
             [&chat](Request& req, const app::Actor* a) {
               auto seq = seq_body(req);
               RETURN_IF_ERROR(seq);
               auto done = chat.mark_read(*a, req.params["id"], seq.value());
               RETURN_IF_ERROR(done);
               return no_content();
             });

  router.add("POST", "/api/v1/conversations/{id}/delivered", Access::SignedIn, Body::Json,
             [&chat](Request& req, const app::Actor* a) {
               auto seq = seq_body(req);
               RETURN_IF_ERROR(seq);
               auto done = chat.mark_delivered(*a, req.params["id"], seq.value());
               RETURN_IF_ERROR(done);
               return no_content();
             });

  router.add("GET", "/api/v1/messages/{id}", Access::SignedIn, Body::None, [&chat](Request& req, const app::Actor* a) {
    auto message = chat.readable_message(*a, req.params["id"]);
    RETURN_IF_ERROR(message);
    auto v = chat.views(*a, {message.value()});
    RETURN_IF_ERROR(v);
    return json_response(200, ChatService::message_json(v->front()));
  });

  router.add("PATCH", "/api/v1/messages/{id}", Access::SignedIn, Body::Json, [&chat](Request& req, const app::Actor* a) {
    PARSE_BODY(body, req);
    JsonReader r(body, {"text"});
    auto text = r.string("text", domain::kMaxMessageChars).value_or("");
    if (!r.status().ok()) return error_response(r.status().error());
    auto v = chat.edit(*a, req.params["id"], text);
    RETURN_IF_ERROR(v);
    return json_response(200, ChatService::message_json(v.value()));
  });

  router.add("GET", "/api/v1/messages/{id}/edits", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto edits = chat.edits(*a, req.params["id"]);
               RETURN_IF_ERROR(edits);
               Json items = Json::array();
               for (const auto& e : edits.value()) items.push_back({{"text", e.text}, {"edited_at", to_rfc3339(e.edited_at)}});
               return json_response(200, {{"items", items}});
             });

  for (const char* method : {"PUT", "DELETE"}) {
    bool add = std::string(method) == "PUT";
    router.add(method, "/api/v1/messages/{id}/reactions/{emoji}", Access::SignedIn, Body::None,
               [&chat, add](Request& req, const app::Actor* a) {
                 auto v = chat.react(*a, req.params["id"], req.params["emoji"], add);
                 RETURN_IF_ERROR(v);
                 return json_response(200, ChatService::message_json(v.value()));
               });
    router.add(method, "/api/v1/messages/{id}/pin", Access::SignedIn, Body::None,
               [&chat, add](Request& req, const app::Actor* a) {
                 auto v = chat.pin(*a, req.params["id"], add);
                 RETURN_IF_ERROR(v);
                 return json_response(200, ChatService::message_json(v.value()));
               });
  }

  router.add("GET", "/api/v1/messages/{id}/receipts", Access::SignedIn, Body::None,
             [&chat](Request& req, const app::Actor* a) {
               auto r = chat.receipts(*a, req.params["id"]);
               RETURN_IF_ERROR(r);
               return json_response(200, {{"member_count", r->member_count},
                                          {"read_count", r->read.size()},
                                          {"delivered_count", r->delivered.size()},
                                          {"read", people_json(r->read)},
                                          {"delivered", people_json(r->delivered)},
                                          {"not_delivered", people_json(r->not_delivered)}});
             });

  router.add("GET", "/api/v1/search/messages", Access::SignedIn, Body::None, [&chat](Request& req, const app::Actor* a) {
    auto limit = limit_param(req);
    RETURN_IF_ERROR(limit);
    app::MessageSearchFilter f;
    f.q = req.query_value("q");
    if (f.q.size() > 500) return error_response(invalid("The search is too long.", "q"));
    f.conversation_id = req.query_value("conversation_id");
    f.author_id = req.query_value("author_id");
    for (auto [name, slot] : {std::pair{"since", &f.since}, std::pair{"until", &f.until}}) {
      std::string text = req.query_value(name);
      if (text.empty()) continue;
      auto t = parse_rfc3339(text);
      if (!t) return error_response(invalid(std::string("'") + name + "' must be a date or an RFC 3339 UTC time.", name));
      *slot = *t + (std::string(name) == "until" && text.size() == 10 ? 24 * 3600 - 1 : 0);
    }
    f.limit = std::min(limit.value(), 100);
    f.cursor = req.query_value("cursor");
    auto results = chat.search(*a, f);
    RETURN_IF_ERROR(results);
    return json_response(200, {{"items", messages_json(results->items)},
                               {"next_cursor", results->next_cursor ? Json(*results->next_cursor) : Json(nullptr)}});
  });
}

}  // namespace muster::transport::http_api
