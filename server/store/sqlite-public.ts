// The columns a PublicComment is made from (domain/views.ts PublicSource), named as its
// fields, so public reads (readers.listThreads, listFeatured) come out of better-sqlite3
// in their final shape: no private column (email, IP, user agent, reasons, history) is
// read, decoded or copied on the path that serves readers (issue 10: full rows were
// most of an uncached GET's store time).
export const PUBLIC_COLUMNS = `id, parent_id AS parentId, page, author_name AS authorName, author_url AS authorUrl,
  avatar_key AS avatarKey, content, created_at AS createdAt, edited_at AS editedAt,
  likes, featured_at AS featuredAt, deleted_at AS deletedAt`;
