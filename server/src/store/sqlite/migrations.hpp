#pragma once
#include <string>
#include <vector>

namespace muster::store::sqlite {

struct Migration {
  const char* name;  // file name without .sql, e.g. "001_directory"
  const char* sql;
};

// Every migration compiled into the binary, in order (generated from store/migrations/*.sql).
const std::vector<Migration>& migrations();

}  // namespace muster::store::sqlite
