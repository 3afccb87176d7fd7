import type { Context } from 'hono';
import type { UserEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import { createChannel, deleteChannel, getChannelByHandle, listChannels, updateChannel } from '../services/channels';
import { createChannelSchema, updateChannelSchema } from '../services/channel-fields';
import { pageEnv } from './page-env';
import { signedInPages } from './guards';
import { formString, zodFieldErrors } from './forms';
import { imageOutcome } from './actor-image-forms';
import { renderChannelForm, renderMyChannels, type ChannelForm } from './channels-views';

const FIELDS = ['name', 'displayName', 'description', 'support'] as const;

async function myChannels(c: Context<UserEnv>) {
  return (await listChannels(c.var.db, { accountId: c.var.viewer.accountId, start: 0, count: 100, sort: 'id' })).data;
}

/** The channel named in the path, if the viewer owns it (moderators manage theirs here, others' through the API). */
export async function ownChannel(c: Context<UserEnv>) {
  const found = await getChannelByHandle(c.var.db, c.var.config, c.req.param('name') ?? '');
  if (found.actor.host !== null || found.channel.accountId !== c.var.viewer.accountId) throw ApiError.notFound('Video channel not found');
  return found;
}

function formValues(body: Record<string, unknown>) {
  return Object.fromEntries(FIELDS.map((k) => [k, formString(body, k)?.trim()])) as Record<(typeof FIELDS)[number], string | undefined>;
}

/** Empty description and support mean none, as PeerTube's client sends them. */
const orNull = (s: string | undefined) => (s ? s : null);

/** My channels: list, create, edit and delete, through the services behind /api/v1/video-channels. */
export function channelPages() {
  const app = signedInPages(['/my/channels']);

  app.get('/my/channels', async (c) => {
    const env = await pageEnv(c);
    const done = c.req.query('done');
    const notice =
      done === 'created' ? env.t('channels.created') : done === 'deleted' ? env.t('channels.deleted') : done === 'saved' ? env.t('account.saved') : undefined;
    return c.html(renderMyChannels(env, await myChannels(c), notice));
  });

  app.get('/my/channels/new', async (c) => c.html(renderChannelForm(await pageEnv(c), { values: {}, errors: {} })));

  app.post('/my/channels/new', requireCsrf(), async (c) => {
    const env = await pageEnv(c);
    const values = formValues(await c.req.parseBody());
    const fail = (form: ChannelForm, status: 400 | 409) => c.html(renderChannelForm(env, form), status);
    const parsed = createChannelSchema.safeParse({ ...values, description: orNull(values.description), support: orNull(values.support) });
    if (!parsed.success) return fail({ values, errors: zodFieldErrors(parsed.error), error: env.t('form.invalid') }, 400);
    try {
      await createChannel(c.var.db, c.var.config, c.var.viewer, parsed.data);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409)
        return fail({ values, errors: { name: env.t('channels.nameTaken') }, error: env.t('form.invalid') }, 409);
      if (err instanceof ApiError && err.status === 400) return fail({ values, errors: {}, error: err.detail }, 400);
      throw err;
    }
    return c.redirect('/my/channels?done=created', 303);
  });

  const showEdit = async (c: Context<UserEnv>, form?: ChannelForm, deleteError?: string, status: 200 | 400 | 409 = 200) => {
    const found = await ownChannel(c);
    const mine = await myChannels(c);
    const values = form?.values ?? {
      displayName: found.channel.displayName,
      description: found.channel.description ?? '',
      support: found.channel.support ?? '',
    };
    const env = await pageEnv(c);
    return c.html(
      renderChannelForm(
        env,
        { values, errors: form?.errors ?? {}, error: form?.error },
        { name: found.actor.preferredUsername, canDelete: mine.length > 1, deleteError, actor: found.actor, imageOutcome: imageOutcome(c.req.query('image')) },
      ),
      status,
    );
  };

  app.get('/my/channels/:name/edit', (c) => showEdit(c));

  app.post('/my/channels/:name/edit', requireCsrf(), async (c) => {
    const found = await ownChannel(c);
    const body = await c.req.parseBody();
    const values = formValues(body);
    const parsed = updateChannelSchema.safeParse({
      displayName: values.displayName,
      description: orNull(values.description),
      support: orNull(values.support),
      bulkVideosSupportUpdate: formString(body, 'bulkVideosSupportUpdate') === '1',
    });
    if (!parsed.success) return showEdit(c, { values, errors: zodFieldErrors(parsed.error), error: (await pageEnv(c)).t('form.invalid') }, undefined, 400);
    await updateChannel(c.var.db, c.var.config, c.var.viewer, found.actor.preferredUsername, parsed.data);
    return c.redirect('/my/channels?done=saved', 303);
  });

  app.post('/my/channels/:name/delete', requireCsrf(), async (c) => {
    const found = await ownChannel(c);
    const env = await pageEnv(c);
    if (formString(await c.req.parseBody(), 'confirm')?.trim() !== found.actor.preferredUsername)
      return showEdit(c, undefined, env.t('channels.deleteMismatch'), 400);
    try {
      await deleteChannel({ db: c.var.db, queue: c.env.JOBS }, c.var.config, c.var.viewer, found.actor.preferredUsername);
    } catch (err) {
      // PeerTube's rule: a user keeps at least one channel.
      if (err instanceof ApiError && err.status === 409) return showEdit(c, undefined, env.t('channels.lastChannel'), 409);
      throw err;
    }
    return c.redirect('/my/channels?done=deleted', 303);
  });

  return app;
}
