import { codesEn } from './codes.en';
import type { Messages } from './de';
import { floorMotionsEn } from './floor-motions.en';
import { hallEn } from './hall.en';
import { lotEn } from './lot.en';
import { memberEn } from './member.en';
import { speakersEn } from './speakers.en';
import { staffEn } from './staff.en';
export const en: Messages = {
  'app.name': 'Plenum',
  'app.tagline': 'General assemblies for cooperatives: vote, elect, verify.',
  'app.skipToContent': 'Skip to content',

  'language.legend': 'Language',
  'language.de': 'Deutsch',
  'language.en': 'English',

  'health.heading': 'Server status',
  'health.checking': 'Checking the connection to the server …',
  'health.ok': 'The server is ready.',
  'health.database': 'Database',
  'health.database.embedded': 'embedded (PGlite)',
  'health.database.postgres': 'PostgreSQL',
  'health.migrations': 'Migrations',
  'health.unavailable': 'The server is running, but its database is unavailable.',
  'health.reason': 'Reason: {reason}',
  'health.error.network': 'The server cannot be reached.',
  'health.error.timeout': 'The server did not answer in time.',
  'health.error.badResponse': 'The server sent an unexpected response.',
  'health.error.http': 'The server answered with an error (HTTP {status}).',
  'health.checkedAt': 'Last checked at {time}',
  'health.retry': 'Check again',

  'error.title': 'Something went wrong',
  'error.notFound': 'This page does not exist',
  'error.status': 'Error code {status}',
  'error.home': 'Go to the home page',
  'error.loadFailed': 'The page could not be loaded',
  'error.offline':
    'No connection to the server. The page will load again by itself as soon as the connection is back.',
  'error.retryNow': 'Try again now',
  'error.toMember': 'Back to your assembly',
  ...staffEn,
  ...memberEn,
  ...codesEn,
  ...speakersEn,
  ...hallEn,
  ...floorMotionsEn,
  ...lotEn,
};
