// What every use case knows about who is asking: taken from the session, never from the body.
#pragma once
#include <string>

#include "domain/person.hpp"

namespace muster::app {

struct ClientInfo {
  std::string ip;
  std::string device;  // user agent, shortened
};

struct Actor {
  domain::Person person;
  std::string session_id;
  ClientInfo client;
  std::string csrf_token;  // empty for bearer-token sessions
  bool is_admin() const { return domain::is_admin(person.role); }
};

struct AppConfig {
  int invitation_ttl_seconds = 7 * 24 * 3600;
  int session_ttl_seconds = 30 * 24 * 3600;
  int account_failures_allowed = 5;
  int address_failures_allowed = 20;
  int failure_window_seconds = 15 * 60;
};

}  // namespace muster::app
