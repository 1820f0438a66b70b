# Writes a .cpp that defines `std::string_view NAME()` returning the text of IN, so a data file
# ships inside the binary. The raw-string delimiter must not occur in the file.
file(READ ${IN} text)
string(FIND "${text}" ")muster_text\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter")
endif()
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace muster::generated {\nstd::string_view ${NAME}() {\n  static constexpr std::string_view text = R\"muster_text(${text})muster_text\";\n  return text;\n}\n}  // namespace muster::generated\n")
