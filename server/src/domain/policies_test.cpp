#include "domain/policies.hpp"

#include <gtest/gtest.h>

namespace muster::domain {
namespace {

TEST(Policies, DefaultsAllowWhatMusterAllowedBefore) {
  OrgPolicies p;
  EXPECT_TRUE(may_create(p, Role::Member, ConversationKind::Announcement, false).ok());
  EXPECT_TRUE(may_create(p, Role::Member, ConversationKind::Channel, true).ok());
  EXPECT_TRUE(may_mention_all(p, Role::Member, false).ok());
  EXPECT_TRUE(may_edit_own(p, 0, 10'000'000).ok());
  EXPECT_TRUE(may_attach(p, "image/png", 1 << 20).ok());
}

TEST(Policies, WhoMayCreateFollowsTheRole) {
  OrgPolicies p;
  p.create_private_group = Who::Managers;
  p.create_public_channel = Who::Admins;
  EXPECT_EQ(may_create(p, Role::Member, ConversationKind::Group, false).error().code, ErrorCode::PermissionDenied);
  EXPECT_TRUE(may_create(p, Role::Manager, ConversationKind::Group, false).ok());
  EXPECT_TRUE(may_create(p, Role::Admin, ConversationKind::Group, false).ok());
  EXPECT_FALSE(may_create(p, Role::Manager, ConversationKind::Channel, true).ok());
  EXPECT_TRUE(may_create(p, Role::Owner, ConversationKind::Channel, true).ok());
  // a private channel is a private group for this purpose; direct conversations are never refused
  EXPECT_FALSE(may_create(p, Role::Member, ConversationKind::Channel, false).ok());
  EXPECT_TRUE(may_create(p, Role::Member, ConversationKind::Direct, false).ok());
}

TEST(Policies, EditAndDeleteWindows) {
  OrgPolicies p;
  p.edit_window_minutes = 15;
  EXPECT_TRUE(may_edit_own(p, 1000, 1000 + 15 * 60).ok());
  auto late = may_edit_own(p, 1000, 1000 + 15 * 60 + 1);
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().message.find("15 minutes"), std::string::npos);
  p.delete_own = false;
  EXPECT_FALSE(may_delete_own(p, 1000, 1001).ok());
}

TEST(Policies, MentionAll) {
  OrgPolicies p;
  p.mention_all = MentionAll::Moderators;
  EXPECT_FALSE(may_mention_all(p, Role::Member, false).ok());
  EXPECT_TRUE(may_mention_all(p, Role::Member, true).ok());
  EXPECT_TRUE(may_mention_all(p, Role::Admin, false).ok());
  p.mention_all = MentionAll::Admins;
  EXPECT_FALSE(may_mention_all(p, Role::Member, true).ok());
}

TEST(Policies, AttachmentsBySizeAndKind) {
  OrgPolicies p;
  p.attachment_kinds = {"pdf", "office"};
  p.max_attachment_bytes = 1000;
  EXPECT_EQ(may_attach(p, "image/png", 10).error().code, ErrorCode::UnsupportedMediaType);
  EXPECT_TRUE(may_attach(p, "application/pdf", 1000).ok());
  EXPECT_EQ(may_attach(p, "application/pdf", 1001).error().code, ErrorCode::PayloadTooLarge);
  EXPECT_TRUE(may_attach(p, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10).ok());
}

TEST(Policies, ParsingKeepsWhatIsNotMentionedAndNamesTheBadField) {
  OrgPolicies base;
  base.edit_window_minutes = 30;
  auto parsed = parse_policies(Json{{"mention_all", "admins"}}, base);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->mention_all, MentionAll::Admins);
  EXPECT_EQ(parsed->edit_window_minutes, 30);
  EXPECT_EQ(parse_policies(Json{{"edit_window_minutes", 1.5}}, base).error().field, "edit_window_minutes");
  EXPECT_EQ(parse_policies(Json{{"attachment_kinds", {"image", "exe"}}}, base).error().field, "attachment_kinds");
  EXPECT_EQ(parse_policies(Json{{"who", "x"}}, base).error().field, "who");
  // the stored form reads back the same
  auto round = parse_policies(policies_json(*parsed), {});
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(policies_json(*round), policies_json(*parsed));
}

TEST(Policies, TwoFactorRuleCoversByRoleWithAGracePeriod) {
  OrgPolicies p;
  EXPECT_FALSE(two_factor_required(p, Role::Owner));
  auto admins = parse_policies(Json{{"two_factor", "admins"}, {"two_factor_grace_days", 3}}, p);
  ASSERT_TRUE(admins.ok());
  EXPECT_TRUE(two_factor_required(*admins, Role::Admin));
  EXPECT_TRUE(two_factor_required(*admins, Role::Owner));
  EXPECT_FALSE(two_factor_required(*admins, Role::Member));
  EXPECT_EQ(two_factor_deadline(*admins, 1000), 1000 + 3 * 86400);
  auto everyone = parse_policies(Json{{"two_factor", "everyone"}}, *admins);
  ASSERT_TRUE(everyone.ok());
  EXPECT_TRUE(two_factor_required(*everyone, Role::Member));
  EXPECT_EQ(everyone->two_factor_grace_days, 3);
  EXPECT_EQ(parse_policies(Json{{"two_factor", "always"}}, p).error().field, "two_factor");
  EXPECT_EQ(parse_policies(Json{{"two_factor_grace_days", 366}}, p).error().field, "two_factor_grace_days");
  EXPECT_EQ(policies_json(*everyone)["two_factor"], "everyone");
}

}  // namespace
}  // namespace muster::domain
