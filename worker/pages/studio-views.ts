import { html } from 'hono/html';
import type { VideoDetailsJson, VideoJson } from '../serializers/video';
import type { PageEnv } from './page-env';
import { jsonForScript, layout } from './layout';
import { listTable } from './list-table';
import { VIDEO_CATEGORIES, VIDEO_COMMENTS_POLICIES, VIDEO_LANGUAGES, VIDEO_LICENCES, VIDEO_PRIVACIES } from '../services/video-labels';

export type ChannelChoice = { id: number; displayName: string; name: string };

/** Privacies a video can be given here (5, password protected, is not accepted on upload). */
const PRIVACY_CHOICES = [1, 2, 3, 4];

function options(map: Record<string | number, string>, selected: string | number | null | undefined, keys?: Array<string | number>, empty = true) {
  const entries = (keys ?? Object.keys(map)).map((k) => [String(k), map[k as keyof typeof map]] as const);
  return html`${empty ? html`<option value="">–</option>` : ''}${entries.map(([k, label]) => html`<option value="${k}" ${String(selected ?? '') === k ? html` selected` : ''}>${label}</option>`)}`;
}

function channelOptions(channels: ChannelChoice[], selected?: number) {
  return channels.map((c) => html`<option value="${c.id}" ${c.id === selected ? html` selected` : ''}>${c.displayName} (${c.name})</option>`);
}

export function renderUploadPage(env: PageEnv, channels: ChannelChoice[], chunkSize?: number) {
  const { t } = env;
  const messages = {
    pause: t('upload.pause'),
    resume: t('upload.resume'),
    retrying: t('upload.retrying'),
    done: t('upload.done'),
    speed: t('upload.speed'),
    left: t('upload.left'),
    refused: t('upload.refused'),
  };
  const body = html`<section class="narrow wide">
    <h1>${t('upload.title')}</h1>
    <form id="upload-form" class="stack" ${chunkSize ? html` data-chunk-size="${chunkSize}"` : ''}>
      <div id="upload-drop" class="drop">
        <p>${t('upload.drop')}</p>
        <label for="upload-file" class="button">${t('upload.choose')}</label>
        <input id="upload-file" type="file" accept="video/*,.mkv,.mov,.webm,.mp4" class="sr" />
        <small>${t('upload.resumeHint')}</small>
      </div>
      <div class="field">
        <label for="f-channelId">${t('edit.channel')}</label
        ><select id="f-channelId" name="channelId">
          ${channelOptions(channels)}
        </select>
      </div>
      <div class="field">
        <label for="f-privacy">${t('edit.privacy')}</label
        ><select id="f-privacy" name="privacy">
          ${options(VIDEO_PRIVACIES, 1, PRIVACY_CHOICES, false)}
        </select>
      </div>
    </form>
    <section id="upload-progress" hidden aria-live="polite">
      <progress id="upload-bar" max="100" value="0">0%</progress>
      <p id="upload-figures"></p>
      <button type="button" id="upload-toggle" class="secondary">${t('upload.pause')}</button>
      <p id="upload-status" role="status"></p>
    </section>
    <script type="application/json" id="upload-messages">
      ${jsonForScript(messages)}
    </script>
    <noscript><p class="alert">${t('upload.needsScript')}</p></noscript>
  </section>`;
  return layout(env, { title: t('upload.title'), scripts: ['/js/upload.js'] }, body);
}

/** The edit form; the script sends it to PUT /api/v1/videos/:id, the same call PeerTube's client makes. */
export function renderManagePage(env: PageEnv, d: VideoDetailsJson, channels: ChannelChoice[], justUploaded: boolean) {
  const { t, config } = env;
  const messages = { saved: t('edit.saved'), failed: t('edit.failed'), published: t('edit.published'), watch: t('edit.watch') };
  const body = html`<section class="manage">
    <h1>${t('edit.title')}</h1>
    ${justUploaded ? html`<p class="notice" role="status">${t('edit.uploaded')}</p>` : ''}
    <p class="state" id="video-state" data-uuid="${d.uuid}" data-state="${d.state.id}">
      ${t('edit.state')} <strong>${d.state.label}</strong>${d.state.id === 1 ? html` · <a href="/w/${d.shortUUID}">${t('edit.watch')}</a>` : ''}
    </p>
    <form id="edit-form" class="stack" data-uuid="${d.uuid}" novalidate>
      <div class="field">
        <label for="f-name">${t('edit.name')}</label><input id="f-name" name="name" value="${d.name}" required minlength="3" maxlength="120" />
        <p class="error" data-error-for="name"></p>
      </div>
      <div class="field">
        <label for="f-description">${t('edit.description')}</label
        ><textarea id="f-description" name="description" rows="6" aria-describedby="f-description-help">${d.description ?? ''}</textarea
        ><small id="f-description-help">${t('edit.markdownHelp')}</small>
        <p class="error" data-error-for="description"></p>
      </div>
      <div class="grid2">
        <div class="field">
          <label for="f-channelId">${t('edit.channel')}</label
          ><select id="f-channelId" name="channelId">
            ${channelOptions(channels, d.channel.id)}
          </select>
        </div>
        <div class="field">
          <label for="f-privacy">${t('edit.privacy')}</label
          ><select id="f-privacy" name="privacy">
            ${options(VIDEO_PRIVACIES, d.privacy.id, PRIVACY_CHOICES, false)}
          </select>
        </div>
        <div class="field">
          <label for="f-category">${t('watch.category')}</label
          ><select id="f-category" name="category">
            ${options(VIDEO_CATEGORIES, d.category.id)}
          </select>
        </div>
        <div class="field">
          <label for="f-licence">${t('watch.licence')}</label
          ><select id="f-licence" name="licence">
            ${options(VIDEO_LICENCES, d.licence.id)}
          </select>
        </div>
        <div class="field">
          <label for="f-language">${t('watch.language')}</label
          ><select id="f-language" name="language">
            ${options(VIDEO_LANGUAGES, d.language.id)}
          </select>
        </div>
        <div class="field">
          <label for="f-commentsPolicy">${t('edit.comments')}</label
          ><select id="f-commentsPolicy" name="commentsPolicy">
            ${options(VIDEO_COMMENTS_POLICIES, d.commentsPolicy.id, [1, 2], false)}
          </select>
        </div>
      </div>
      <div class="field">
        <label for="f-tags">${t('watch.tags')}</label><input id="f-tags" name="tags" value="${d.tags.join(', ')}" aria-describedby="f-tags-help" /><small
          id="f-tags-help"
          >${t('edit.tagsHelp')}</small
        >
        <p class="error" data-error-for="tags"></p>
      </div>
      <div class="field check">
        <input id="f-nsfw" type="checkbox" name="nsfw" ${d.nsfw ? html` checked` : ''} /><label for="f-nsfw">${t('edit.nsfw')}</label>
      </div>
      <div class="field">
        <label for="f-support">${t('watch.support')}</label><textarea id="f-support" name="support" rows="3">${d.support ?? ''}</textarea>
        <p class="error" data-error-for="support"></p>
      </div>
      <div class="field">
        <label for="f-thumbnail">${t('edit.thumbnail')}</label>
        <img id="thumbnail-preview" src="${d.thumbnailPath ? `${config.publicUrl}${d.thumbnailPath}` : ''}" alt="" width="280" height="157" />
        <input id="f-thumbnail" type="file" name="thumbnailfile" accept="image/png,image/jpeg" />
        <p class="error" data-error-for="thumbnailfile"></p>
      </div>
      <button type="submit">${t('edit.save')}</button>
      <p id="edit-status" role="status"></p>
    </form>
    <script type="application/json" id="edit-messages">
      ${jsonForScript(messages)}
    </script>
  </section>`;
  return layout(env, { title: t('edit.title'), scripts: ['/js/manage.js'] }, body);
}

/** The signed-in user's videos, whatever their privacy and state. */
export function renderMyVideos(env: PageEnv, videos: VideoJson[]) {
  const { t, config } = env;
  const body = html`<h1>${t('myVideos.title')}</h1>
    <p><a class="button" href="/videos/upload">${t('upload.title')}</a></p>
    ${listTable(
      [t('edit.name'), t('edit.privacy'), t('edit.stateColumn'), { sr: t('edit.title') }],
      videos.map(
        (v) =>
          html`<tr>
            <td>
              <a href="/w/${v.shortUUID}"
                ><img src="${v.thumbnailPath ? `${config.publicUrl}${v.thumbnailPath}` : ''}" alt="" width="96" height="54" loading="lazy" /> ${v.name}</a
              >
            </td>
            <td>${v.privacy.label}</td>
            <td data-state="${v.state.id}">${v.state.label}</td>
            <td><a href="/videos/manage/${v.shortUUID}">${t('edit.title')}</a></td>
          </tr>`,
      ),
      { empty: t('myVideos.none'), scroll: false },
    )}`;
  return layout(env, { title: t('myVideos.title') }, body);
}
