/** Error codes of agenda texts, documents and candidate profiles: stable, never renamed (see ../errors.ts). */
export const AGENDA_ERROR_CODES = {
  'agenda.item_locked':
    'A poll on this item has opened: its text, documents and candidates can no longer be changed.',
  'document.not_found': 'No document with this id in this assembly.',
  'document.not_pdf': 'The file is not a PDF (it does not start with %PDF-); nothing was stored.',
  'candidate.not_found': 'No candidate with this id on this item.',
  'candidate.photo_invalid': 'The photo is not a JPEG or PNG image; nothing was stored.',
  'candidate.photo_not_found': 'This candidate has no photo.',
} as const;
