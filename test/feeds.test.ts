/**
 * /feeds/videos.* and /feeds/video-comments.*, as PeerTube 6.3 serves them
 * (server/core/controllers/feeds/): RSS with Media RSS, Atom and JSON Feed; instance, account and
 * channel scopes; public videos only; from the edge cache, with a write showing at once.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { uuidToShort } from '../worker/services/short-uuid';

type Seeded = Awaited<ReturnType<typeof seedLocalVideo>>;

async function get(path: string, accept?: string) {
  const res = await fetch(instanceUrl(path), { headers: accept ? { accept } : {} });
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('x-edge-cache'), text: await res.text() };
}

describe('video and comment feeds', () => {
  let owner: Uploader;
  let other: Uploader;
  let pub: Seeded;
  let unlisted: Seeded;
  let privateOne: Seeded;
  let otherVideo: Seeded;

  beforeAll(async () => {
    owner = await newUploader();
    other = await newUploader();
    pub = await seedLocalVideo(owner, { description: 'A **bold** <b>description</b>' }, 'feed-public');
    unlisted = await seedLocalVideo(owner, { privacy: 2 }, 'feed-unlisted');
    privateOne = await seedLocalVideo(owner, { privacy: 3 }, 'feed-private');
    otherVideo = await seedLocalVideo(other, {}, 'feed-other');
    for (const v of [pub, unlisted]) {
      const res = await api(`/api/v1/videos/${v.uuid}/comment-threads`, { method: 'POST', token: other.token, json: { text: `Comment on ${v.name}` } });
      expect(res.status).toBe(200);
    }
  });

  it('serves the instance feed in RSS with Media RSS, Atom and JSON Feed, public videos only', async () => {
    const rss = await get('/feeds/videos.xml');
    expect(rss.status).toBe(200);
    expect(rss.type).toMatch(/^application\/xml/);
    expect(rss.text).toContain('<rss version="2.0"');
    expect(rss.text).toContain('xmlns:media="http://search.yahoo.com/mrss/"');
    expect(rss.text).toContain(`<link>${instanceUrl(`/w/${uuidToShort(pub.uuid)}`)}</link>`);
    expect(rss.text).toContain(`<generator>PeerTube - ${instanceUrl()}</generator>`);
    expect(rss.text).toContain(`href="${instanceUrl('/feeds/videos.xml')}"`);
    const atom = await get('/feeds/videos.atom');
    expect(atom.type).toMatch(/^application\/atom\+xml/);
    expect(atom.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect((await get('/feeds/videos.xml?format=atom')).text).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    const json = await get('/feeds/videos.json');
    expect(json.type).toMatch(/^application\/json/);
    const feed = JSON.parse(json.text);
    expect(feed.version).toBe('https://jsonfeed.org/version/1');
    const item = feed.items.find((i: any) => i.title === pub.name);
    expect(item).toMatchObject({ id: instanceUrl(`/w/${uuidToShort(pub.uuid)}`), url: instanceUrl(`/w/${uuidToShort(pub.uuid)}`) });
    // Markdown rendered and sanitised, as PeerTube's toSafeHtml.
    expect(item.content_html).toContain('<strong>bold</strong>');
    expect(item.content_html).not.toContain('<b>');
    for (const text of [rss.text, atom.text, json.text]) {
      expect(text).not.toContain(unlisted.uuid);
      expect(text).not.toContain(uuidToShort(unlisted.uuid));
      expect(text).not.toContain(privateOne.uuid);
      expect(text).not.toContain(uuidToShort(privateOne.uuid));
    }
  });

  it('scopes to an account or a channel, by id or by name; unknown ones are a 404', async () => {
    for (const query of [
      `accountId=${owner.accountId}`,
      `accountName=${owner.username}`,
      `videoChannelId=${owner.channelId}`,
      `videoChannelName=${owner.channelName}`,
    ]) {
      const feed = JSON.parse((await get(`/feeds/videos.json?${query}`)).text);
      expect(
        feed.items.map((i: any) => i.title),
        query,
      ).toEqual([pub.name]);
      expect(feed.feed_url).toBe(instanceUrl(`/feeds/videos.json?${query}`));
    }
    const channelFeed = JSON.parse((await get(`/feeds/videos.json?videoChannelId=${owner.channelId}`)).text);
    expect(channelFeed.home_page_url).toBe(instanceUrl(`/c/${owner.channelName}`));
    expect((await get('/feeds/videos.json?accountId=99999999')).status).toBe(404);
    expect((await get('/feeds/videos.json?videoChannelName=nobody_here_at_all')).status).toBe(404);
    expect((await get('/feeds/videos.json?accountId=abc')).status).toBe(400);
    expect((await get('/feeds/videos.pdf')).status).toBe(406);
    expect((await get('/feeds/videos.json', 'text/html')).status).toBe(406);
  });

  it('lists the comments of public videos, of one video, or of an account’s videos', async () => {
    const all = JSON.parse((await get('/feeds/video-comments.json')).text);
    const titles = all.items.map((i: any) => i.title);
    expect(titles).toContain(`${pub.name} - ${other.username}`);
    expect(titles.join('\n')).not.toContain(unlisted.name);
    const item = all.items.find((i: any) => i.title === `${pub.name} - ${other.username}`);
    expect(item.url).toMatch(new RegExp(`/w/${uuidToShort(pub.uuid)};threadId=\\d+$`));
    const ofVideo = JSON.parse((await get(`/feeds/video-comments.json?videoId=${pub.uuid}`)).text);
    expect(ofVideo.items.map((i: any) => i.title)).toEqual([`${pub.name} - ${other.username}`]);
    expect(ofVideo.title).toBe(pub.name);
    const ofAccount = JSON.parse((await get(`/feeds/video-comments.json?accountId=${owner.accountId}`)).text);
    expect(ofAccount.items.map((i: any) => i.title)).toEqual([`${pub.name} - ${other.username}`]);
    expect((await get(`/feeds/video-comments.json?videoId=${privateOne.uuid}`)).status).toBe(401);
    expect((await get(`/feeds/video-comments.json?videoId=${pub.uuid}&videoChannelId=${owner.channelId}`)).status).toBe(400);
    expect((await get('/feeds/video-comments.xml')).text).toContain('<rss version="2.0"');
    // The comment's thread link opens the watch page.
    expect((await fetch(item.url, { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('opens one video’s comment feed by the rule of the video API: unlisted by its UUID only, blacklisted for nobody', async () => {
    const status = async (videoId: string | number) => (await get(`/feeds/video-comments.json?videoId=${videoId}`)).status;
    expect(await status(unlisted.uuid)).toBe(200);
    expect(await status(unlisted.id)).toBe(401);
    const blocked = await seedLocalVideo(owner, {}, 'feed-blacklisted');
    expect(await status(blocked.uuid)).toBe(200);
    const rootToken = await loginAsRoot();
    expect((await api(`/api/v1/videos/${blocked.uuid}/blacklist`, { method: 'POST', token: rootToken, json: {} })).status).toBe(204);
    expect(await status(blocked.uuid)).toBe(401);
    expect(await status(blocked.id)).toBe(401);
  });

  it('comes from the edge cache, and a write shows in the next read', async () => {
    const path = `/feeds/videos.json?accountId=${other.accountId}`;
    await get(path);
    const cached = await get(path);
    expect(cached.cache).toBe('HIT');
    expect(JSON.parse(cached.text).items.map((i: any) => i.title)).toEqual([otherVideo.name]);
    const renamed = await api(`/api/v1/videos/${otherVideo.uuid}`, { method: 'PUT', token: other.token, json: { name: 'feed-other renamed' } });
    expect(renamed.status).toBe(204);
    const after = await get(path);
    expect(after.cache).not.toBe('HIT');
    expect(JSON.parse(after.text).items.map((i: any) => i.title)).toEqual(['feed-other renamed']);
  });
});
