// Receipts kept on this device, so a member can check them after the poll closes. A receipt
// never reveals the choice (R23), so keeping it in localStorage exposes nothing about the vote.

export interface StoredReceipt {
  readonly memberId: string;
  readonly name: string;
  readonly receipt: string;
}

const PREFIX = 'plenum.receipts.';
const key = (pollId: string) => `${PREFIX}${pollId}`;

export function loadReceipts(pollId: string): StoredReceipt[] {
  try {
    const raw = globalThis.localStorage?.getItem(key(pollId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as StoredReceipt[]) : [];
  } catch {
    return [];
  }
}

export function saveReceipts(pollId: string, receipts: readonly StoredReceipt[]): void {
  try {
    const merged = [...loadReceipts(pollId).filter((r) => !receipts.some((n) => n.memberId === r.memberId))];
    globalThis.localStorage?.setItem(key(pollId), JSON.stringify([...merged, ...receipts]));
  } catch {
    // Storage may be off; the receipt is still on screen with a copy button.
  }
}

/** Every receipt kept on this device, with its poll (the account keeps them too: my-receipts). */
export function loadAllReceipts(): (StoredReceipt & { readonly pollId: string })[] {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return [];
    const out: (StoredReceipt & { pollId: string })[] = [];
    for (let i = 0; i < storage.length; i++) {
      const name = storage.key(i);
      if (!name?.startsWith(PREFIX)) continue;
      const pollId = name.slice(PREFIX.length);
      for (const r of loadReceipts(pollId)) out.push({ ...r, pollId });
    }
    return out;
  } catch {
    return [];
  }
}
