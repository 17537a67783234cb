import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The sha256 hashes (CSP source form) of the inline scripts in the built web app's HTML pages:
 * SvelteKit starts the SPA with one inline bootstrap script, which the policy allows by its hash
 * rather than by 'unsafe-inline'. Read from the files served, so a rebuild can never drift apart
 * from the policy.
 */
export function inlineScriptHashes(webDir: string | undefined): string[] {
  if (!webDir) return [];
  const hashes = new Set<string>();
  for (const file of readdirSync(webDir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.html')) continue;
    const html = readFileSync(join(webDir, file), 'utf8');
    for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
      const body = match[1] ?? '';
      if (body.trim() === '') continue;
      hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes].sort();
}

/**
 * Security headers on every answer (@fastify/helmet): a content security policy under which the
 * built SvelteKit app runs (its own scripts, its bootstrap script by hash, no other origins, no
 * framing), no MIME sniffing, no referrer to other sites, same-origin isolation. HTTPS is not
 * forced here (upgrade-insecure-requests off) because a hall network may serve Plenum over plain
 * http; behind TLS the proxy adds HSTS as well.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  webDir: string | undefined,
): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", ...inlineScriptHashes(webDir)],
        // Svelte sets style attributes (bars, transitions); styles cannot run code.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
}
