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

/** fetch() to the same origin, with a timeout; throws NetworkError when the request never got an answer. */
export const fetchTransport: Transport = async (method, path, body, token) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      cache: 'no-store',
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

/** The error code of an API answer ({error: "..."}), if any. */
export function errorCode(response: ApiResponse): string | undefined {
  const body = response.body as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : undefined;
}
