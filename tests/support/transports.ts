/** Fake servers for the client's REST calls in unit tests. */
import { NetworkError, type Transport } from '../../src/client/data/api';

/** A server that hands out consecutive plaque numbers (POST /api/plaques/reserve), recording each call. */
export function reservingServer(start = 1) {
  let next = start;
  const calls: Array<{ path: string; body: unknown; token: string | null }> = [];
  const transport: Transport = async (_method, path, body, token) => {
    calls.push({ path, body, token });
    const count = (body as { count: number }).count;
    const first = next;
    next += count;
    return { status: 200, body: { first, count } };
  };
  return { transport, calls };
}

/** No connection at all. */
export const offline: Transport = async () => {
  throw new NetworkError('offline');
};
