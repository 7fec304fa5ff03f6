/**
 * Talking to the server. The transport is a function so the sync simulation
 * can put faults between the device and the server (drop, duplicate, delay).
 * Nothing here ever blocks the UI: screens read IndexedDB only.
 */

export interface ApiResponse {
  status: number;
  body: unknown;
}

export type Transport = (method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, token: string | null) => Promise<ApiResponse>;

export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super('network', { cause });
    this.name = 'NetworkError';
  }
}

const TIMEOUT_MS = 30_000;

/** Bodies from this size on are sent compressed; below it the saving does not pay for the header line. */
export const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON body as it goes on the wire: deflated when it is large enough and the
 * browser can (CompressionStream: Chromium 80+, Safari 16.4+, Firefox 113+).
 * A visit's push is ~2 KB of JSON with repeated keys, ids and times; deflated
 * it is about a third (npm run bench: bytes for one visit). The server
 * inflates it (src/server/compress.ts).
 */
export async function encodeJsonBody(json: string): Promise<{ body: string | Uint8Array; encoding: 'deflate' | null }> {
  if (json.length < COMPRESS_FROM_BYTES || typeof CompressionStream === 'undefined') return { body: json, encoding: null };
  try {
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate'));
    return { body: new Uint8Array(await new Response(stream).arrayBuffer()), encoding: 'deflate' };
  } catch {
    return { body: json, encoding: null };
  }
}

/**
 * fetch() to `origin` (the page's own when empty), with a timeout; throws
 * NetworkError when the request never got an answer. Only what the server
 * needs goes up: no Referer (the app's URL is no business of the API), no
 * cache headers on POST (never cached anyway).
 */
export function fetchTransportFor(origin: string): Transport {
  return async (method, path, body, token) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const encoded = body === undefined ? undefined : await encodeJsonBody(JSON.stringify(body));
      const response = await fetch(origin + path, {
        method,
        headers: {
          ...(encoded ? { 'content-type': 'application/json' } : {}),
          ...(encoded?.encoding ? { 'content-encoding': encoded.encoding } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: encoded?.body as BodyInit | undefined,
        signal: controller.signal,
        referrerPolicy: 'no-referrer',
        // A GET (who am I, the team) must not come from the HTTP cache; a POST never does.
        ...(method === 'GET' ? { cache: 'no-store' as const } : {}),
      });
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // A proxy's HTML error page: keep the status, there is no JSON to read.
        parsed = null;
      }
      return { status: response.status, body: parsed };
    } catch (error) {
      throw new NetworkError(error);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** fetch() to the same origin (the app's transport). */
export const fetchTransport: Transport = fetchTransportFor('');

/** The error code of an API answer ({error: "..."}), if any. */
export function errorCode(response: ApiResponse): string | undefined {
  const body = response.body as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : undefined;
}
