/**
 * Talking to the server. The transport is a function so the sync simulation
 * can put faults between the device and the server (drop, duplicate, delay).
 * Nothing here ever blocks the UI: screens read IndexedDB only.
 */
import { carriesSecrets, Z1_MEDIA_TYPE } from '../../shared/media-types';

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

type Codec = typeof import('./z1-codec');
let codec: Promise<Codec | null> | undefined;

/**
 * The z1 codec, loaded with the first body: a lazy chunk, precached like the
 * rest of the app, so it is there offline. Null when it cannot load — bodies
 * then go as plain JSON, and the next sync tries again.
 */
function loadCodec(): Promise<Codec | null> {
  codec ??= import('./z1-codec').catch((error: unknown) => {
    console.warn('compression unavailable, sending plain JSON', error);
    codec = undefined;
    return null;
  });
  return codec;
}

export interface EncodedBody {
  body: string | Uint8Array;
  contentType: typeof Z1_MEDIA_TYPE | 'application/json';
}

/**
 * A JSON body as it goes on the wire: z1 (src/shared/wire-dictionary.ts) —
 * a visit's push is ~2 KB of JSON and ~0.4 KB in z1 — or plain JSON when
 * `compress` is false or the codec cannot load. The server inflates it
 * (src/server/compress.ts) and answers a z1 request in z1 when the answer is
 * small.
 */
export async function encodeJsonBody(json: string, compress = true): Promise<EncodedBody> {
  const z1 = compress ? await loadCodec() : null;
  if (!z1) return { body: json, contentType: 'application/json' };
  return { body: z1.encodeZ1(json), contentType: Z1_MEDIA_TYPE };
}

/**
 * An answer's text: inflated when the server sent it in z1 (only ever to a z1
 * request, so the codec is loaded). A body that does not inflate is like a
 * proxy's error page — no JSON to read: ''. A connection lost while reading
 * still throws.
 */
export async function answerText(response: Response): Promise<string> {
  if (!(response.headers.get('content-type') ?? '').startsWith(Z1_MEDIA_TYPE)) return response.text();
  const bytes = new Uint8Array(await response.arrayBuffer());
  const z1 = await loadCodec();
  try {
    return z1 ? z1.decodeZ1(bytes) : '';
  } catch {
    return '';
  }
}

/** Bodies that may carry a password are never compressed (media-types.ts, carriesSecrets). */
export function mayCompress(path: string): boolean {
  return !carriesSecrets(path);
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
      const json = body === undefined ? undefined : JSON.stringify(body);
      const send = async (compress: boolean) => {
        const encoded = json === undefined ? undefined : await encodeJsonBody(json, compress);
        const response = await fetch(origin + path, {
          method,
          headers: {
            ...(encoded ? { 'content-type': encoded.contentType } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: encoded?.body as BodyInit | undefined,
          signal: controller.signal,
          referrerPolicy: 'no-referrer',
          // A GET (who am I, the team) must not come from the HTTP cache; a POST never does.
          ...(method === 'GET' ? { cache: 'no-store' as const } : {}),
        });
        return { response, sentZ1: encoded?.contentType === Z1_MEDIA_TYPE };
      };
      const first = await send(mayCompress(path));
      // A server older than this app does not read z1 yet (415): the same request again, as plain JSON.
      const response = first.sentZ1 && first.response.status === 415 ? (await send(false)).response : first.response;
      const text = await answerText(response);
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
