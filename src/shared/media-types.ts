/**
 * Media types of the API's bodies. A module of their own, with no imports:
 * the transport on the first screen names them, and importing them from
 * sync.ts would bring zod's schemas into the first screen's JavaScript
 * (npm run bench: initial JS).
 */

/**
 * A z1 body, both ways (a request's Content-Type, and its answer's): JSON
 * deflated against the shared dictionary (wire-dictionary.ts, loaded with the
 * codec, not on the first screen).
 */
export const Z1_MEDIA_TYPE = 'application/vnd.gocua.z1';
