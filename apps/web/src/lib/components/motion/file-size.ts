import { locale } from '$lib/i18n';

/** A file size for people, in the current language: "3 KB", "1,4 MB". */
export function fileSize(bytes: number): string {
  const format = (n: number) => new Intl.NumberFormat(locale.current, { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}
