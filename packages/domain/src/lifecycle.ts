/**
 * The assembly's lifecycle: preparation → convened → open → closed. Which transition is allowed
 * from which state, what each state permits, and the checks of the convening itself (R16 notice,
 * R17 each item announced in time, R20 the annual assembly's date as a warning).
 */
import {
  type AnnouncedItem,
  type AssemblyForm,
  checkAnnualAssemblyDate,
  checkAuditReportItem,
  checkItemNotice,
  checkNotice,
  type NoticeChannel,
} from './convening.ts';
import type { CalendarDate } from './dates.ts';
import { type ItemKind, itemKindRule } from './item-kinds.ts';
import { assertNever, type Failure, fail, ok, type Result } from './result.ts';
import type { StatuteConfig } from './statute.ts';

export type AssemblyStatus = 'preparation' | 'convened' | 'open' | 'closed';
export const ASSEMBLY_STATUSES: readonly AssemblyStatus[] = ['preparation', 'convened', 'open', 'closed'];

/** The three transitions, each from exactly one state to the next. */
export type LifecycleAction = 'convene' | 'open' | 'close';

const TRANSITIONS: Readonly<Record<LifecycleAction, { from: AssemblyStatus; to: AssemblyStatus }>> = {
  convene: { from: 'preparation', to: 'convened' },
  open: { from: 'convened', to: 'open' },
  close: { from: 'open', to: 'closed' },
};

/** The one lifecycle action that comes next, or null once the assembly is closed. */
export function nextLifecycleAction(status: AssemblyStatus): LifecycleAction | null {
  switch (status) {
    case 'preparation':
      return 'convene';
    case 'convened':
      return 'open';
    case 'open':
      return 'close';
    case 'closed':
      return null;
    default:
      return assertNever(status);
  }
}

/** The state after `action`, or a refusal when the assembly is not in the state it starts from. */
export function transition(status: AssemblyStatus, action: LifecycleAction): Result<AssemblyStatus> {
  const t = TRANSITIONS[action];
  if (t.from !== status) {
    return fail(
      'assembly.transition_not_allowed',
      `The assembly is ${status}; "${action}" is only possible from ${t.from}.`,
      { status, action, requires: t.from },
    );
  }
  return ok(t.to);
}

/**
 * What happens around an assembly, each allowed in some states only:
 * - `edit`: change title, date, form, statute (preparation only);
 * - `agenda`: add agenda items and candidates, prepare polls (until closed; a late item is
 *   judged by R17 when its poll is created);
 * - `proxy`: register a proxy (once convened: members know of the assembly; until closed);
 * - `advance_vote`: vote before the assembly (C8; once convened, and still while it is open,
 *   as long as the poll itself has not been opened — the poll's own state decides that);
 * - `check_in`: attendance, check-in and check-out (open only);
 * - `open_poll` and `cast`: open a poll and vote in it (open only);
 * - `record`: the chair's declarations, corrections, objections, acceptances, the current item
 *   (open only);
 * - `final_minutes`: the minutes are final (closed only; before that they are a draft);
 * - `invitation`: the invitation (PDF and mail merge) exists once the assembly is convened.
 */
export type AssemblyActivity =
  | 'edit'
  | 'agenda'
  | 'proxy'
  | 'advance_vote'
  | 'check_in'
  | 'open_poll'
  | 'cast'
  | 'record'
  | 'final_minutes'
  | 'invitation';

const PERMITTED: Readonly<Record<AssemblyActivity, readonly AssemblyStatus[]>> = {
  edit: ['preparation'],
  agenda: ['preparation', 'convened', 'open'],
  proxy: ['convened', 'open'],
  advance_vote: ['convened', 'open'],
  check_in: ['open'],
  open_poll: ['open'],
  cast: ['open'],
  record: ['open'],
  final_minutes: ['closed'],
  invitation: ['convened', 'open', 'closed'],
};

/** True if the state allows the activity. */
export function isPermitted(status: AssemblyStatus, activity: AssemblyActivity): boolean {
  return PERMITTED[activity].includes(status);
}

/**
 * Whether the assembly's state allows `activity`. A refusal says why: the assembly is closed
 * (`assembly.closed`), has not been convened yet (`assembly.not_convened`), is not open
 * (`assembly.not_open`, also for an open assembly asked for final minutes), or is no longer in
 * preparation (`assembly.not_in_preparation`).
 */
export function permits(status: AssemblyStatus, activity: AssemblyActivity): Result<AssemblyStatus> {
  if (isPermitted(status, activity)) return ok(status);
  const details = { status, activity };
  if (activity === 'edit')
    return fail(
      'assembly.not_in_preparation',
      'The assembly can only be changed while in preparation.',
      details,
    );
  if (status === 'closed') return fail('assembly.closed', 'The assembly is closed.', details);
  if (activity === 'final_minutes')
    return fail('assembly.not_closed', 'The minutes are final only once the assembly is closed.', details);
  if (status === 'preparation' && PERMITTED[activity].includes('convened'))
    return fail('assembly.not_convened', 'The assembly has not been convened yet.', details);
  return fail('assembly.not_open', 'The assembly is not open.', details);
}

/** Close: nothing may still be open for voting (every open poll is closed first). */
export function checkClose(status: AssemblyStatus, openPolls: number): Result<AssemblyStatus> {
  const next = transition(status, 'close');
  if (!next.ok) return next;
  if (openPolls > 0)
    return fail('assembly.polls_open', 'Close every open poll before closing the assembly.', { openPolls });
  return next;
}

/** An agenda item as the convening sees it; without a date it is announced with the invitation. */
export interface ConveningItem {
  readonly kind: ItemKind;
  readonly announcedOn: CalendarDate | null;
  readonly withinAnnouncedItem?: boolean;
  readonly convenesExtraordinaryAssembly?: boolean;
  /** R19: the item where the audit report is heard. */
  readonly isAuditReport?: boolean;
}

/** What the convening records: when and how the invitation went out, for which assembly. */
export interface Convening {
  readonly status: AssemblyStatus;
  /** The day the invitation is deemed received (R16). */
  readonly invitedOn: CalendarDate;
  /** Today on the cooperative's calendar: an invitation cannot be recorded ahead of time. */
  readonly today: CalendarDate;
  readonly assemblyDate: CalendarDate;
  readonly channel: NoticeChannel;
  readonly form: AssemblyForm;
  /** Virtual, hybrid, extended: the invitation says how to take part. */
  readonly accessDetails: boolean;
  readonly items: readonly ConveningItem[];
  /** R19, §59(1): an audit was completed whose report this assembly must hear. */
  readonly auditReportPending?: boolean;
}

/** Item kinds that make an assembly the annual one (§48(1)): the accounts and the result. */
const ANNUAL_KINDS: ReadonlySet<ItemKind> = new Set(['annual_accounts', 'appropriation_of_profit_or_loss']);

/**
 * Convene: allowed only from preparation (lifecycle); the invitation is dated no later than today;
 * R16 notice (period, channel, agenda, access details) via `checkNotice`; R17 every item that needs
 * notice is announced at least a week ahead via `checkItemNotice` (an item without its own date is
 * announced with the invitation); R19 a pending audit report is on the agenda. R20 (an annual assembly in the first six months) is a warning:
 * an annual assembly held late is still to be held.
 */
export function decideConvening(
  c: Convening,
  statute: StatuteConfig,
): Result<{ status: AssemblyStatus; warnings: readonly Failure[] }> {
  const next = transition(c.status, 'convene');
  if (!next.ok) return next;
  if (c.invitedOn > c.today)
    return fail('convening.notice_in_future', 'The invitation date lies in the future.', {
      invitedOn: c.invitedOn,
      today: c.today,
    });
  const notice = checkNotice(
    {
      deliveredOn: c.invitedOn,
      assemblyDate: c.assemblyDate,
      channel: c.channel,
      form: c.form,
      agendaItems: c.items.length,
      accessDetails: c.accessDetails,
    },
    statute,
  );
  if (!notice.ok) return notice;
  for (const [index, item] of c.items.entries()) {
    const announced: AnnouncedItem = {
      kind: item.kind,
      announcedOn: item.announcedOn ?? c.invitedOn,
      ...(item.withinAnnouncedItem === undefined ? {} : { withinAnnouncedItem: item.withinAnnouncedItem }),
      ...(item.convenesExtraordinaryAssembly === undefined
        ? {}
        : { convenesExtraordinaryAssembly: item.convenesExtraordinaryAssembly }),
    };
    const verdict = checkItemNotice(announced, c.assemblyDate, false);
    if (!verdict.ok)
      return fail(verdict.reason, verdict.message, { ...verdict.details, position: index + 1 });
  }
  const audit = checkAuditReportItem(c.items, c.auditReportPending === true);
  if (!audit.ok) return audit;
  const warnings: Failure[] = [];
  if (c.items.some((i) => ANNUAL_KINDS.has(i.kind) && itemKindRule(i.kind).requiresNotice)) {
    const annual = checkAnnualAssemblyDate(c.assemblyDate, statute);
    if (!annual.ok) warnings.push(annual);
  }
  return ok({ status: next.value, warnings });
}
