/**
 * Media types of the API's bodies, and which bodies are never compressed. A
 * module of their own, with no imports:
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

/**
 * Routes whose bodies may carry a secret — a password at sign-in, a session
 * token in its answer, a member's new password set by a leader. Their bodies
 * are never compressed, either way: compressed next to text an attacker can
 * choose, a secret leaks through the length (BREACH). The app's transport and
 * the server's answers both go by this one list.
 */
const SECRET_BEARING_PREFIXES = ['/api/auth/', '/api/users'];

export function carriesSecrets(path: string): boolean {
  return SECRET_BEARING_PREFIXES.some((prefix) => path.startsWith(prefix));
}
