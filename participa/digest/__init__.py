"""The comment digest: near-duplicate groups (campaigns) and the themes of each article, so
that an institution can read, and answer, every contribution to a large consultation."""
