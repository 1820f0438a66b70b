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
  // Sign-in limits (docs/security.md): wrong passwords per account from one address, per address
  // over all accounts, and — gently, so a guesser elsewhere cannot lock the owner out — per account
  // over all addresses: from the tenth failure on, each next attempt waits 2^(n-10) s, at most 60 s.
  int account_failures_allowed = 5;  // per account and address
  int address_failures_allowed = 20;
  int account_backoff_after = 10;
  int account_backoff_cap_seconds = 60;
  int failure_window_seconds = 15 * 60;
};

}  // namespace muster::app
