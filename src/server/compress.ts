/**
 * Compression of API bodies, both ways.
 *
 * z1 (src/shared/wire-dictionary.ts): the app sends its request bodies as
 * JSON deflated against a shared dictionary, and takes a small answer to such
 * a request the same way — a visit's sync is a third of the bytes it was with
 * plain deflate and gzip (npm run bench: bytes of one visit).
 *
 * Gzip for larger API answers. A first pull of a commune is megabytes of JSON that
 * compresses about tenfold — on one bar of 3G that is minutes saved (npm run
 * bench: bootstrap). Static files are compressed at build time instead
 * (routes/static.ts).
 *
 * Not compressed: small answers (the headers would outweigh the saving) and
 * answers that carry a secret — a session token or a new password — since
 * compressing a secret next to text an attacker can choose leaks it (BREACH).
 */
import { promisify } from 'node:util';
import { constants, createUnzip, deflateRawSync, gzip, gzipSync, inflateRawSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { carriesSecrets, Z1_MEDIA_TYPE } from '../shared/media-types';
import { z1Dictionary } from '../shared/wire-dictionary';

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
/**
 * Up to this, the answer to a z1 request is z1 too. Larger ones (a first sync's pages) are gzipped:
 * the browser inflates gzip natively, off the main thread, where the app would inflate z1 in
 * JavaScript — and on a large body the dictionary hardly helps.
 */
export const MAX_Z1_ANSWER_BYTES = 16 * 1024;

let dictionary: Buffer | undefined;
function z1DictionaryBuffer(): Buffer {
  dictionary ??= Buffer.from(z1Dictionary());
  return dictionary;
}

function isZ1(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(';', 1)[0]!.trim().toLowerCase() === Z1_MEDIA_TYPE;
}

/** Whether the answer to this request may be z1: the app sent its body as z1, so it reads z1 (docs/sync-protocol.md). */
function answersInZ1(request: FastifyRequest): boolean {
  return isZ1(request.headers['content-type']);
}

function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(value);
}

export function compressApiAnswers(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/') || carriesSecrets(request.url)) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    // Encoded once: measuring a string's UTF-8 length walks all of it (a pull page of Vietnamese
    // names is a two-byte string), and gzip would encode it again.
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (reply.hasHeader('content-encoding')) return bytes;
    const json = String(reply.getHeader('content-type') ?? '').startsWith('application/json');
    if (json && bytes.length <= MAX_Z1_ANSWER_BYTES && answersInZ1(request)) {
      reply.header('content-type', Z1_MEDIA_TYPE);
      reply.removeHeader('content-length');
      return deflateRawSync(bytes, { dictionary: z1DictionaryBuffer() });
    }
    if (bytes.length < MIN_BYTES) return bytes;
    reply.header('vary', 'accept-encoding');
    if (!acceptsGzip(request.headers['accept-encoding'])) return bytes;
    reply.header('content-encoding', 'gzip');
    reply.removeHeader('content-length');
    const options = { level: constants.Z_DEFAULT_COMPRESSION };
    return bytes.length <= MAX_INLINE_GZIP_BYTES ? gzipSync(bytes, options) : gzipAsync(bytes, options);
  });
}

/**
 * Compressed request bodies (`Content-Encoding: gzip` or `deflate`), as apps before z1 sent their
 * pushes (CompressionStream), still read: a phone may sync with an old version of the app. The
 * body limit applies to the inflated bytes, so a small compressed body cannot inflate into gigabytes.
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

/**
 * z1 request bodies: inflated against the dictionary, then read by Fastify's own JSON parser (with
 * its prototype-poisoning checks). The body limit applies to the compressed bytes as received and
 * again to the inflated JSON, so a small body cannot inflate into gigabytes.
 */
export function acceptZ1Requests(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(Z1_MEDIA_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
    const limit = request.routeOptions.bodyLimit;
    let json: string;
    try {
      json = inflateRawSync(body as Buffer, { dictionary: z1DictionaryBuffer(), maxOutputLength: limit }).toString('utf8');
    } catch (error) {
      const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      // Too large: 413 like any body over the limit; otherwise a corrupt stream, the sender's fault (400 invalid_encoding).
      done(Object.assign(new Error(tooLarge ? 'body too large' : 'invalid z1 body'), tooLarge ? { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' } : { statusCode: 400, code: 'GOCUA_INVALID_ENCODING' }), undefined);
      return;
    }
    parseJson(request, json, done);
  });
}
