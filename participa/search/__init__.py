"""Full-text search across consultations, their articles, comments, proposals and (for the
institution's staff) cases: one index table both databases share, kept in step with every
write, and queried with each database's own full-text engine."""
