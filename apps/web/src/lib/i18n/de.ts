// German is the source of truth for message keys: every other locale must provide the same keys
// (see `Messages`). Placeholders are written `{name}` and are type-checked by `t()`.
import { codesDe } from './codes.de';
import { memberDe } from './member.de';
import type { TranslationOf } from './plural';

export type { Plural } from './plural';

import { floorMotionsDe } from './floor-motions.de';
import { hallDe } from './hall.de';
import { lotDe } from './lot.de';
import { speakersDe } from './speakers.de';
import { staffDe } from './staff.de';
export const de = {
  'app.name': 'Plenum',
  'app.tagline': 'Generalversammlungen für Genossenschaften: abstimmen, wählen, nachprüfen.',
  'app.skipToContent': 'Zum Inhalt springen',

  'language.legend': 'Sprache',
  'language.de': 'Deutsch',
  'language.en': 'English',

  'health.heading': 'Serverstatus',
  'health.checking': 'Verbindung zum Server wird geprüft …',
  'health.ok': 'Der Server ist bereit.',
  'health.database': 'Datenbank',
  'health.database.embedded': 'eingebettet (PGlite)',
  'health.database.postgres': 'PostgreSQL',
  'health.migrations': 'Migrationen',
  'health.unavailable': 'Der Server läuft, aber die Datenbank ist nicht verfügbar.',
  'health.reason': 'Grund: {reason}',
  'health.error.network': 'Der Server ist nicht erreichbar.',
  'health.error.timeout': 'Der Server hat nicht rechtzeitig geantwortet.',
  'health.error.badResponse': 'Der Server hat eine unerwartete Antwort gesendet.',
  'health.error.http': 'Der Server hat mit einem Fehler geantwortet (HTTP {status}).',
  'health.checkedAt': 'Zuletzt geprüft um {time} Uhr',
  'health.retry': 'Erneut prüfen',

  'error.title': 'Etwas ist schiefgelaufen',
  'error.notFound': 'Diese Seite gibt es nicht',
  'error.status': 'Fehlercode {status}',
  'error.home': 'Zur Startseite',
  'error.loadFailed': 'Die Seite konnte nicht geladen werden',
  'error.offline':
    'Keine Verbindung zum Server. Die Seite wird automatisch erneut geladen, sobald die Verbindung wieder steht.',
  'error.retryNow': 'Jetzt erneut versuchen',
  'error.toMember': 'Zurück zu Ihrer Versammlung',
  ...staffDe,
  ...memberDe,
  ...codesDe,
  ...speakersDe,
  ...hallDe,
  ...floorMotionsDe,
  ...lotDe,
} as const;

export type MessageKey = keyof typeof de;

/**
 * Shape every locale must satisfy: a missing or extra key is a type error, and a message that is
 * plural in German is plural in every language.
 */
export type Messages = TranslationOf<typeof de>;
