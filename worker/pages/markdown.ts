import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { raw } from 'hono/html';

// Raw HTML in the source is escaped by markdown-it (html: false); the sanitiser then keeps only
// PeerTube's tags for descriptions, comments and Support texts (peertube-core-utils
// getDefaultSanitizeOptions) plus code, pre and blockquote, and only http(s) links.
const markdown = new MarkdownIt('default', { html: false, linkify: true, breaks: true });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['a', 'p', 'span', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote'],
  allowedSchemes: ['http', 'https'],
  allowedAttributes: { a: ['href', 'target', 'rel'] },
  transformTags: {
    // Links open elsewhere and pass no referrer nor any ranking (PeerTube sets the same rel).
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
  },
};

/** User-written Markdown as HTML that is safe to insert into a page. */
export function renderMarkdown(text: string | null | undefined) {
  if (!text) return raw('');
  return raw(sanitizeHtml(markdown.render(text), SANITIZE));
}

/** Markdown as one line of plain text, for feed descriptions (PeerTube's mdToOneLinePlainText). */
export function markdownToPlainText(text: string | null | undefined) {
  if (!text) return '';
  const plain = sanitizeHtml(markdown.render(text), { allowedTags: [], allowedAttributes: {} });
  return plain.replace(/\s+/g, ' ').trim();
}

/** Markdown as sanitised HTML, as a string (feed item contents: PeerTube's toSafeHtml). */
export const markdownToSafeHtml = (text: string | null | undefined) => (text ? sanitizeHtml(markdown.render(text), SANITIZE) : '');
