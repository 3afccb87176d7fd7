import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { CommentTreeJson, VideoCommentJson } from '../serializers/comment';
import type { VideoDetailsJson } from '../serializers/video';
import type { PageEnv } from './page-env';
import { csrfField } from './layout';
import { renderMarkdown } from './markdown';
import { isModerator } from '../services/viewer';

function commentForm(env: PageEnv, d: VideoDetailsJson, replyTo?: VideoCommentJson) {
  const { t } = env;
  const id = replyTo ? `reply-${replyTo.id}` : 'comment-new';
  return html`<form method="post" action="/w/${d.shortUUID}/comments" class="comment-form stack">
    ${csrfField(env)} ${replyTo ? html`<input type="hidden" name="inReplyToCommentId" value="${replyTo.id}" />` : ''}
    <label for="${id}" class="${replyTo ? 'sr' : ''}">${t(replyTo ? 'comments.reply' : 'comments.add')}</label>
    <textarea id="${id}" name="text" required maxlength="10000" rows="${replyTo ? 2 : 3}"></textarea>
    <button type="submit">${t(replyTo ? 'comments.postReply' : 'comments.post')}</button>
  </form>`;
}

/**
 * A comment held for review, as its author, the video's owner or a moderator sees it (no one else
 * does): a notice, and for the owner and moderators the form that approves it.
 */
function heldNotice(env: PageEnv, d: VideoDetailsJson, c: VideoCommentJson) {
  const { t, viewer } = env;
  const mayApprove = viewer && (isModerator(viewer) || viewer.accountId === d.account.id);
  return html`<p class="held">${t('comments.held')}</p>
    ${
      mayApprove
        ? html`<form method="post" action="/w/${d.shortUUID}/comments/${c.id}/approve" class="inline">
            ${csrfField(env)}<button type="submit">${t('comments.approve')}</button>
          </form>`
        : ''
    }`;
}

function comment(env: PageEnv, d: VideoDetailsJson, node: CommentTreeJson): HtmlEscapedString | Promise<HtmlEscapedString> {
  const { t } = env;
  const c = node.comment;
  const author = c.account
    ? html`<a href="${c.account.url}" class="author">${c.account.displayName}</a> <span class="handle">@${c.account.name}@${c.account.host}</span>`
    : html`<span class="author">${t('comments.deleted')}</span>`;
  return html`<li class="comment" id="c-${c.id}">
    <article>
      <header>${author} · <time datetime="${c.createdAt}">${c.createdAt.slice(0, 10)}</time></header>
      <div class="markdown">${c.isDeleted ? html`<p class="deleted">${t('comments.deleted')}</p>` : renderMarkdown(c.text)}</div>
      ${c.heldForReview && !c.isDeleted ? heldNotice(env, d, c) : ''}
      ${
        env.viewer && !c.isDeleted && d.commentsEnabled
          ? html`<details class="reply">
              <summary>${t('comments.reply')}</summary>
              ${commentForm(env, d, c)}
            </details>`
          : ''
      }
    </article>
    ${
      node.children.length
        ? html`<ol class="replies">
            ${node.children.map((child) => comment(env, d, child))}
          </ol>`
        : ''
    }
  </li>`;
}

/** The comment threads with their replies, and the form to post (signed in) or a link to sign in. */
export function commentsSection(env: PageEnv, d: VideoDetailsJson, threads: CommentTreeJson[], total: number) {
  const { t } = env;
  if (!d.commentsEnabled)
    return html`<section class="comments">
      <h2>${t('comments.title')}</h2>
      <p>${t('comments.disabled')}</p>
    </section>`;
  return html`<section class="comments" aria-labelledby="comments-title">
    <h2 id="comments-title">${t('comments.count', { count: total })}</h2>
    ${env.viewer ? commentForm(env, d) : html`<p><a href="/login?next=/w/${d.shortUUID}">${t('comments.signIn')}</a></p>`}
    ${
      threads.length
        ? html`<ol class="threads">
            ${threads.map((node) => comment(env, d, node))}
          </ol>`
        : html`<p>${t('comments.none')}</p>`
    }
  </section>`;
}
