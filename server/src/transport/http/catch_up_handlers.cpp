// The catch-up view: what a newcomer was put into, with its pins, and marking it done.
#include "app/chat_service.hpp"
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

using app::ChatService;

Json catch_up_item_json(const app::CatchUpItem& item) {
  Json pins = Json::array();
  for (const auto& p : item.pins) pins.push_back(ChatService::message_json(p));
  const auto& me = *item.view.me;
  return {{"conversation", ChatService::conversation_json(item.view)},
          {"pins", std::move(pins)},
          {"added_at", to_rfc3339(me.joined_at)},
          {"added_by", me.added_by},
          {"added_by_name", item.added_by_name},
          {"done", item.done}};
}

}  // namespace

void register_catch_up_routes(Router& router, Services& s) {
  auto& chat = s.chat;

  router.add("GET", "/api/v1/me/catch-up", Access::SignedIn, Body::None, [&chat](Request&, const app::Actor* a) {
    auto items = chat.catch_up(*a);
    RETURN_IF_ERROR(items);
    Json out = Json::array();
    int pending = 0;
    for (const auto& item : items.value()) {
      out.push_back(catch_up_item_json(item));
      pending += !item.done;
    }
    return json_response(200, {{"items", std::move(out)}, {"pending", pending}});
  });

  router.add("POST", "/api/v1/me/catch-up/done", Access::SignedIn, Body::Json,
             [&chat](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"conversation_ids"});
               auto ids = r.string_list("conversation_ids", 100, 64);
               if (!r.status().ok()) return error_response(r.status().error());
               auto done = chat.finish_catch_up(*a, ids.value_or(std::vector<std::string>{}));
               RETURN_IF_ERROR(done);
               return no_content();
             });
}

}  // namespace muster::transport::http_api
