-- Oversight (issue 13): admins list every conversation with its owners and externals count. Two
-- small partial indexes keep that list one pass over the conversations: owners are a few rows per
-- conversation, externals a few rows of the directory (the has-externals filter starts from them).
CREATE INDEX members_owners ON members(conversation_id) WHERE role = 'owner';
CREATE INDEX people_externals ON people(id) WHERE kind = 'external' OR role = 'external';
