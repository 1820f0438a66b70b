#include "domain/text/latin_spelling.hpp"

#include <gtest/gtest.h>

namespace muster::domain {
namespace {

TEST(LatinSpelling, CommonVariantsOfArabicNamesMeet) {
  EXPECT_EQ(spelling_key("ahmad"), spelling_key("ahmed"));
  EXPECT_EQ(spelling_key("mohamed"), spelling_key("mohammed"));
  EXPECT_EQ(spelling_key("mohamed"), spelling_key("muhammad"));
  EXPECT_EQ(spelling_key("abdulla"), spelling_key("abdullah"));
  EXPECT_EQ(spelling_key("hussein"), spelling_key("hussain"));
  EXPECT_EQ(spelling_key("khaled"), spelling_key("khalid"));
}

TEST(LatinSpelling, DifferentNamesStayApart) {
  EXPECT_NE(spelling_key("mohamed"), spelling_key("mahmoud"));
  EXPECT_NE(spelling_key("hussein"), spelling_key("hassan"));
  EXPECT_NE(spelling_key("omar"), spelling_key("amr"));
}

TEST(LatinSpelling, APrefixBeingTypedIsAPrefixOfTheKey) {
  // Substring search over the keys finds a name while it is typed.
  for (std::string_view prefix : {"moh", "moha", "moham", "muhamm"})
    EXPECT_NE(spelling_key("muhammad").find(spelling_key(prefix)), std::string::npos) << prefix;
  EXPECT_NE(spelling_key("abdullah").find(spelling_key("abdul")), std::string::npos);
}

TEST(LatinSpelling, OnlyLatinWordsAreKeyed) {
  EXPECT_EQ(spelling_key("أحمد"), "أحمد");
  EXPECT_EQ(spelling_key("e100"), "e100");
  EXPECT_EQ(spelling_keys("ahmed ali أحمد e100"), "ahmad ala");  // only the Latin words, only when they change
  EXPECT_EQ(spelling_keys(""), "");
}

}  // namespace
}  // namespace muster::domain
