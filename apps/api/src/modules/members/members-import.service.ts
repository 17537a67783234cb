import { createHash } from 'node:crypto';
import type { ImportLine, MembersImportReport } from '@plenum/contracts';
import type { Trx } from '../../db/types.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger, registerEvidence } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import { type MemberField, type MemberValues, type ParsedLine, parseMembersCsv } from './members-csv.ts';
import {
  insertRegisterRows,
  loadByNumbers,
  lockRegister,
  type RegisterRow,
  type StoredRow,
  updateRegisterRows,
} from './members-import.queries.ts';

export interface ImportOptions {
  mode: 'all_or_nothing' | 'valid_lines';
  dryRun: boolean;
}

const COLUMN_OF: Record<MemberField, keyof RegisterRow> = {
  memberNumber: 'member_number',
  givenName: 'given_name',
  familyName: 'family_name',
  email: 'email',
  shares: 'shares',
  admissionDate: 'admission_date',
  exitDate: 'exit_date',
  noticeGivenOn: 'notice_given_on',
  kind: 'kind',
  investing: 'investing',
  votes: 'votes',
};

/** A new member's row: what the file gives, the register's defaults for the rest. */
function newRow(v: MemberValues): RegisterRow {
  return {
    member_number: v.memberNumber,
    given_name: v.givenName ?? '',
    family_name: v.familyName,
    email: v.email ?? null,
    shares: v.shares ?? 1,
    admission_date: v.admissionDate,
    exit_date: v.exitDate ?? null,
    notice_given_on: v.noticeGivenOn ?? null,
    kind: v.kind ?? 'natural_person',
    investing: v.investing ?? false,
    votes: v.votes ?? 1,
  };
}

/** The stored row with the file's values laid over it, and the fields that differ. */
function mergeRow(stored: StoredRow, v: MemberValues): { row: StoredRow; changes: MemberField[] } {
  const row: StoredRow = { ...stored };
  const changes: MemberField[] = [];
  for (const [field, value] of Object.entries(v) as [MemberField, unknown][]) {
    if (value === undefined) continue;
    const column = COLUMN_OF[field];
    if (row[column] !== value) {
      changes.push(field);
      (row as unknown as Record<string, unknown>)[column] = value;
    }
  }
  return { row, changes };
}

interface Plan {
  lines: ImportLine[];
  creates: RegisterRow[];
  updates: StoredRow[];
}

function refuseLine(parsed: ParsedLine): ImportLine {
  return { line: parsed.line, memberNumber: parsed.memberNumber, status: 'refused', errors: parsed.errors };
}

/** Decides, line by line, what the import does: create, update (which fields), leave, or refuse. */
function planImport(lines: readonly ParsedLine[], stored: Map<string, StoredRow>): Plan {
  const plan: Plan = { lines: [], creates: [], updates: [] };
  for (const parsed of lines) {
    const v = parsed.values;
    if (v === null) {
      plan.lines.push(refuseLine(parsed));
      continue;
    }
    const base = { line: parsed.line, memberNumber: v.memberNumber, errors: [] };
    const existing = stored.get(v.memberNumber);
    if (existing === undefined) {
      plan.creates.push(newRow(v));
      plan.lines.push({ ...base, status: 'created' });
      continue;
    }
    const { row, changes } = mergeRow(existing, v);
    // An exit date kept from the register must still not precede a new admission date.
    if (row.exit_date !== null && row.exit_date < row.admission_date) {
      const message = `The exit date ${row.exit_date} on the register is before the admission date ${row.admission_date}.`;
      plan.lines.push({
        ...base,
        status: 'refused',
        errors: [{ field: 'exitDate', code: 'members.exit_before_admission', message }],
      });
    } else if (changes.length === 0) {
      plan.lines.push({ ...base, status: 'unchanged' });
    } else {
      plan.updates.push(row);
      plan.lines.push({ ...base, status: 'updated', changes });
    }
  }
  return plan;
}

function reportOf(
  plan: Plan,
  meta: Pick<MembersImportReport, 'mode' | 'dryRun' | 'delimiter' | 'sha256' | 'ignoredColumns'>,
): MembersImportReport {
  const count = (status: ImportLine['status']) => plan.lines.filter((l) => l.status === status).length;
  return {
    ...meta,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    refused: count('refused'),
    lines: plan.lines,
  };
}

/** Writes the planned rows in batches and records the import in the ledger (counts and file hash). */
async function writeImport(
  ctx: ServiceContext,
  trx: Trx,
  plan: Plan,
  report: MembersImportReport,
  actor: Actor,
) {
  await insertRegisterRows(trx, plan.creates);
  await updateRegisterRows(trx, plan.updates);
  await appendLedger(trx, [
    {
      type: 'members.imported',
      at: ctx.clock.now(),
      payload: {
        sha256: report.sha256,
        mode: report.mode,
        lines: plan.lines.length,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        refused: report.refused,
        ...(await registerEvidence(trx)),
        by: actorLabel(actor),
      },
    },
  ]);
}

/**
 * Imports the register from CSV in one transaction. Existing member numbers are updated (only the
 * fields that differ), new ones created. With any refused line and mode all_or_nothing nothing is
 * written and the report comes back in a 422; a dry run reports and writes nothing.
 */
export async function importMembers(
  ctx: ServiceContext,
  csv: string,
  options: ImportOptions,
  actor: Actor,
): Promise<MembersImportReport> {
  const sha256 = createHash('sha256').update(csv, 'utf8').digest('hex');
  const parsed = parseMembersCsv(csv);
  const meta = { mode: options.mode, dryRun: options.dryRun, delimiter: parsed.delimiter, sha256 };
  return ctx.db.transaction().execute(async (trx) => {
    if (!options.dryRun) await lockRegister(trx);
    const numbers = parsed.lines.flatMap((l) => (l.values === null ? [] : [l.values.memberNumber]));
    const plan = planImport(parsed.lines, await loadByNumbers(trx, numbers));
    const report = reportOf(plan, { ...meta, ignoredColumns: parsed.ignoredColumns });
    if (report.refused > 0 && options.mode === 'all_or_nothing') {
      throw new Refusal(
        'members.csv_has_errors',
        `${report.refused} of ${plan.lines.length} lines are invalid; nothing was imported.`,
        { report },
      );
    }
    if (!options.dryRun) await writeImport(ctx, trx, plan, { ...report, lines: [] }, actor);
    return report;
  });
}
