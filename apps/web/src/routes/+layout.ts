import { redirect } from '@sveltejs/kit';
import { isLocaleCode, locale } from '$lib/i18n';
import type { LayoutLoad } from './$types';

// Pure single-page app: nothing is rendered on a server or at build time; adapter-static
// writes only the fallback page (index.html), which the API process serves for every route.
export const ssr = false;
export const prerender = false;

/**
 * `?lang=en` (e.g. in a QR link on an invitation) picks and remembers the language, then leaves
 * the address bar clean so a later reload does not override the user's own choice.
 */
export const load: LayoutLoad = ({ url }) => {
  if (!url.searchParams.has('lang')) return;
  const lang = url.searchParams.get('lang');
  if (isLocaleCode(lang)) locale.set(lang);
  const clean = new URL(url);
  clean.searchParams.delete('lang');
  redirect(307, `${clean.pathname}${clean.search}${clean.hash}`);
};
