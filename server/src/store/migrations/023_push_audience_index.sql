-- A message's push audience (AttentionStore::push_audience) is read from two indexes alone: the
-- members of a conversation with their notification settings, and each one's subscriptions with
-- endpoint and keys. Before, each member cost four b-tree lookups (the index, the member's row,
-- the subscription index, the subscription's row); now one. The read position (last_read_seq),
-- written on every read, stays out of the index: it is read only for the people a push goes to
-- (AttentionStore::read_positions). Notification settings and subscriptions change seldom.
-- Both replace an index that is their prefix, so other queries keep their plans.
DROP INDEX members_conversation;
CREATE INDEX members_conversation ON members(conversation_id, person_id, notification_level, muted);
CREATE INDEX push_subscriptions_audience ON push_subscriptions(person_id, id, endpoint, p256dh, auth);
DROP INDEX push_subscriptions_person;
-- Between indexes that look alike SQLite's planner takes the one made last: members_owners (014) is
-- made again after the new one, so a conversation's owners are still found through it alone.
DROP INDEX members_owners;
CREATE INDEX members_owners ON members(conversation_id) WHERE role = 'owner';
