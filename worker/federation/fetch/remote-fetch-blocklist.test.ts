import { describe, expect, it, vi } from 'vitest';
import { fetchRemoteObject, RemoteFetchError } from './remote-fetch';

describe('fetchRemoteObject and the blocklist', () => {
  it('never contacts a blocked host, nor follows a redirect to one', async () => {
    const isHostBlocked = async (host: string) => host === 'blocked.example';
    const fetchImpl = vi.fn(async () => new Response(null, { status: 302, headers: { location: 'https://blocked.example/x' } }));
    await expect(fetchRemoteObject('https://blocked.example/accounts/a', { allowLoopback: false, fetchImpl, isHostBlocked })).rejects.toBeInstanceOf(
      RemoteFetchError,
    );
    expect(fetchImpl).not.toHaveBeenCalled();

    await expect(fetchRemoteObject('https://fine.example/accounts/a', { allowLoopback: false, fetchImpl, isHostBlocked })).rejects.toMatchObject({
      reason: 'refused_url',
    });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });
});
