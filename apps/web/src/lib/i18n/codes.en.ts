import type { codesDe } from './codes.de';

export const codesEn: { readonly [K in keyof typeof codesDe]: string } = {
  'start.current': 'Current assembly',
  'start.none': 'No assembly is scheduled at the moment.',
  'start.loading': 'Loading the assembly …',
  'start.unavailable': 'The assembly details cannot be loaded right now.',
  'start.when': '{date}, {time}',
  'start.place': 'Place: {place}',
  'start.code': 'Assembly code: {code}',
  'start.state.preparation': 'The assembly is being prepared.',
  'start.state.convened': 'The assembly has been convened.',
  'start.state.open': 'The assembly is in session.',
  'start.state.closed': 'The assembly has ended.',
  'start.receipt': 'Check the receipt of a vote',

  'join.assemblyFound': 'Assembly: {title}',

  'projector.code': 'Assembly code',

  'member.receipts.title': 'My receipts',
  'member.receipts.intro':
    'Your receipts are kept in your account: you see them on every device you log in on.',
  'member.receipts.none': 'You have not voted in this assembly yet.',
  'member.receipts.loading': 'Loading receipts …',
  'member.receipts.failed': 'The receipts could not be loaded.',
  'member.receipts.forWhom': 'for {name}',
  'member.receipts.pending': 'Can be checked once the vote is closed.',
  'member.receipts.check': 'Check',
  'member.receipts.checkAria': 'Check receipt {receipt}',
  'member.receipts.other': 'Check another receipt',
  'member.receipts.item': 'Vote on “{title}”',
  'member.receipts.round': 'Vote on “{title}” (ballot {round})',

  'receipt.countedIn': 'Vote on “{title}”',
};
