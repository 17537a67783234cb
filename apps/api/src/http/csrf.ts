import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TOKEN_COOKIE } from './auth.ts';
import { ApiError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Content types a cross-site HTML form cannot send (multipart can, but browsers then send Origin).
const BODY_TYPES = /^(application\/(json|[\w.+-]+\+json)|multipart\/form-data|text\/csv)\s*(;|$)/i;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether an Origin header names this server: its own host, or PLENUM_PUBLIC_URL. */
function sameOrigin(origin: string, request: FastifyRequest, publicUrl: string | undefined): boolean {
  try {
    const from = new URL(origin);
    // Read our own host with the origin's scheme, so that default ports compare equal (:80, :443).
    const own = new URL(`${from.protocol}//${request.host}`);
    if (from.host === own.host) return true;
    return publicUrl !== undefined && from.host === new URL(publicUrl).host;
  } catch {
    return false;
  }
}

function refuse(reason: string): never {
  throw new ApiError(403, 'request.cross_site', `Refused: ${reason}.`, { reason });
}

/**
 * Cross-site request forgery guard for every state-changing /api request, on top of
 * the SameSite=Strict cookie:
 * - a request another site started (Sec-Fetch-Site cross-site or same-site, or an Origin that is
 *   not this server) is refused;
 * - a request that carries the login cookie must either have a body type no HTML form can send
 *   (JSON, multipart, CSV) or say where it comes from (a matching Origin or Sec-Fetch-Site
 *   same-origin). Body-less requests from the web app (open, close, check-in, logout) carry both.
 * Requests with a Bearer header and no cookie cannot be forged by a browser and pass.
 */
export function registerCsrfGuard(app: FastifyInstance, publicUrl: string | undefined): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const fetchSite = header(request, 'sec-fetch-site')?.toLowerCase();
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') refuse(`the request came from another site`);
    const origin = header(request, 'origin');
    const originMatches = origin !== undefined && origin !== 'null' && sameOrigin(origin, request, publicUrl);
    if (origin !== undefined && !originMatches) refuse(`the request came from another origin (${origin})`);
    const cookie = header(request, 'cookie');
    if (!cookie?.includes(`${TOKEN_COOKIE}=`)) return;
    if (originMatches || fetchSite === 'same-origin') return;
    if (BODY_TYPES.test(header(request, 'content-type') ?? '')) return;
    refuse('a request with the login cookie needs a JSON, multipart or CSV body or a matching Origin header');
  });
}
