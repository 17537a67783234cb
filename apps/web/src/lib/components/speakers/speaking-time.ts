/** Seconds left of a speaking time started at `startedAt` (server instant), at `nowMs`. */
export function secondsLeft(startedAt: string, seconds: number, nowMs: number): number {
  return seconds - Math.floor((nowMs - Date.parse(startedAt)) / 1000);
}

/** m:ss of a number of seconds, without its sign (the screens say "exceeded" in words). */
export function clock(seconds: number): { minutes: string; seconds: string } {
  const abs = Math.abs(seconds);
  return { minutes: String(Math.floor(abs / 60)), seconds: String(abs % 60).padStart(2, '0') };
}
