import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { videos } from '../db/schema';

/** The ORDER BY of a video list's `sort` (one of VIDEO_SORTS, `-` for descending). */
export function sortColumn(sort: string): SQL[] {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const dir = (c: SQL | AnyColumn) => (descending ? desc(c) : asc(c));
  switch (field) {
    case 'name':
      return [dir(videos.name), desc(videos.id)];
    case 'duration':
      return [dir(videos.duration), desc(videos.id)];
    case 'createdAt':
      return [dir(videos.createdAt), dir(videos.id)];
    case 'publishedAt':
      return [dir(videos.publishedAt), dir(videos.id)];
    case 'originallyPublishedAt':
      return [dir(sql`coalesce(${videos.originallyPublishedAt}, ${videos.publishedAt})`), dir(videos.id)];
    case 'views':
      return [dir(videos.views), desc(videos.id)];
    case 'likes':
      return [dir(videos.likes), desc(videos.id)];
    // Without view history at hand, trending/hot/best rank by engagement, newest first on ties.
    case 'trending':
      return [dir(videos.views), desc(videos.publishedAt)];
    case 'hot':
    case 'best':
      return [dir(sql`${videos.views} + 10 * (${videos.likes} - ${videos.dislikes})`), desc(videos.publishedAt)];
    default:
      return [desc(videos.publishedAt)];
  }
}
