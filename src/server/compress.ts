/**
 * Gzip for API answers. A first pull of a commune is megabytes of JSON that
 * compresses about tenfold — on one bar of 3G that is minutes saved (npm run
 * bench: bootstrap). Static files are compressed at build time instead
 * (routes/static.ts).
 *
 * Not compressed: small answers (the headers would outweigh the saving) and
 * answers that carry a secret — a session token or a new password — since
 * compressing a secret next to text an attacker can choose leaks it (BREACH).
 */
import { promisify } from 'node:util';
import { constants, createUnzip, gzip, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const gzipAsync = promisify(gzip);

/** Below this, gzip's header and the Content-Encoding line cost more than they save. */
const MIN_BYTES = 1024;
/**
 * Up to this, an answer is compressed at once on the main thread (about 0.5 ms for 64 KiB), so it
 * leaves as soon as it is ready. Handed to the thread pool instead, a sync's answers waited behind
 * every other request the main thread was still serving: with 500 phones at once, half of them got
 * their answer only after 2.1 s instead of 1.1 s (npm run bench: 500 devices). Larger answers (the
 * pages of a first sync) go to the thread pool, so no request waits milliseconds on another's gzip.
 */
export const MAX_INLINE_GZIP_BYTES = 128 * 1024;
const SECRET_BEARING = [/^\/api\/auth\//, /^\/api\/users/];

function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(value);
}

export function compressApiAnswers(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/') || SECRET_BEARING.some((pattern) => pattern.test(request.url))) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    // Encoded once: measuring a string's UTF-8 length walks all of it (a pull page of Vietnamese
    // names is a two-byte string), and gzip would encode it again.
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (bytes.length < MIN_BYTES || reply.hasHeader('content-encoding')) return bytes;
    reply.header('vary', 'accept-encoding');
    if (!acceptsGzip(request.headers['accept-encoding'])) return bytes;
    reply.header('content-encoding', 'gzip');
    reply.removeHeader('content-length');
    const options = { level: constants.Z_DEFAULT_COMPRESSION };
    return bytes.length <= MAX_INLINE_GZIP_BYTES ? gzipSync(bytes, options) : gzipAsync(bytes, options);
  });
}

/**
 * Compressed request bodies (`Content-Encoding: gzip` or `deflate`): a phone sends a visit's push
 * in about a third of its JSON bytes (src/client/data/api.ts). The body limit applies to the
 * inflated bytes, so a small compressed body cannot inflate into gigabytes.
 */
export function acceptCompressedRequests(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    // No body to inflate (a GET with a stray header is answered as usual).
    if (encoding === 'identity' || request.method === 'GET' || request.method === 'HEAD') return payload;
    if (encoding !== 'gzip' && encoding !== 'deflate') throw Object.assign(new Error('unsupported content-encoding'), { statusCode: 415, code: 'GOCUA_UNSUPPORTED_ENCODING' });
    const inflate = createUnzip();
    // Fastify checks Content-Length against the bytes received, and its body limit against the bytes inflated.
    Object.defineProperty(inflate, 'receivedEncodedLength', { get: () => inflate.bytesWritten });
    payload.on('error', (error) => inflate.destroy(error));
    // A corrupt stream is the sender's fault (400 invalid_encoding in app.ts), not the server's.
    inflate.on('error', (error) => Object.assign(error, { statusCode: 400, code: 'GOCUA_INVALID_ENCODING' }));
    return payload.pipe(inflate);
  });
}
