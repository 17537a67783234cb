/**
 * Convening checks: notice period and channel (R16), late items (R17), annual assembly timing
 * (R20) and the audit report on the agenda (R19).
 */
import { addMonths, businessYearStartOf, type CalendarDate, daysBetween } from './dates.ts';
import { type ItemKind, itemKindRule } from './item-kinds.ts';
import { fail, ok, type Result } from './result.ts';
import type { StatuteConfig } from './statute.ts';

/** R26: the form of the assembly. */
export type AssemblyForm = 'in_person' | 'virtual' | 'hybrid' | 'extended';

/** How the notice went out. Website or Bundesanzeiger alone do not suffice (§46(1), §6 Nr.4). */
export type NoticeChannel =
  | 'text_form_to_each_member'
  | 'statute_public_paper'
  | 'website_only'
  | 'bundesanzeiger_only';

/** A notice of meeting. */
export interface Notice {
  /** Day the notice is deemed received (dispatch plus any statute delivery rule). */
  readonly deliveredOn: CalendarDate;
  readonly assemblyDate: CalendarDate;
  readonly channel: NoticeChannel;
  readonly form: AssemblyForm;
  readonly agendaItems: number;
  /** Virtual, hybrid, extended: access details given (§46 as amended 2022). */
  readonly accessDetails?: boolean;
}

/** R16: notice at least the statute's period (≥ 2 weeks) ahead, by a sufficient channel, with agenda. */
export function checkNotice(notice: Notice, statute: StatuteConfig): Result<Notice> {
  const days = daysBetween(notice.deliveredOn, notice.assemblyDate);
  const required = statute.convening.noticePeriodDays;
  if (days < required) {
    return fail(
      'convening.notice_period_too_short',
      `Notice must be given ${required} days ahead (§46(1)).`,
      {
        days,
        required,
      },
    );
  }
  if (notice.channel === 'website_only' || notice.channel === 'bundesanzeiger_only') {
    return fail(
      'convening.channel_insufficient',
      'Website or Bundesanzeiger alone is not a valid notice (§46(1)).',
    );
  }
  if (notice.agendaItems < 1)
    return fail('convening.agenda_missing', 'The notice must state the agenda (§46(1)).');
  if (notice.form !== 'in_person' && notice.accessDetails !== true) {
    return fail(
      'convening.access_details_missing',
      'A virtual, hybrid or extended assembly notice gives access details.',
    );
  }
  return ok(notice);
}

/** An agenda item and how it reached the agenda. */
export interface AnnouncedItem {
  readonly kind: ItemKind;
  readonly announcedOn: CalendarDate;
  /** §46(3): a motion within an announced item needs no notice of its own. */
  readonly withinAnnouncedItem?: boolean;
  /** §46(2): a motion to convene an extraordinary assembly. */
  readonly convenesExtraordinaryAssembly?: boolean;
}

/**
 * R17, §46(2): no resolution on an item announced less than one week before, unless all members
 * are present, or it is a procedural motion, a motion to convene an extraordinary assembly, a
 * motion within an announced item or information only (§46(3)).
 */
export function checkItemNotice(
  item: AnnouncedItem,
  assemblyDate: CalendarDate,
  allMembersPresent: boolean,
): Result<AnnouncedItem> {
  const exempt =
    allMembersPresent ||
    !itemKindRule(item.kind).requiresNotice ||
    item.withinAnnouncedItem === true ||
    item.convenesExtraordinaryAssembly === true;
  const days = daysBetween(item.announcedOn, assemblyDate);
  if (!exempt && days < 7) {
    return fail(
      'convening.item_announced_too_late',
      'The item was announced less than one week before (§46(2)).',
      {
        days,
      },
    );
  }
  return ok(item);
}

/** R20, §48(1): the annual assembly falls within the first six months of the business year. */
export function checkAnnualAssemblyDate(
  assemblyDate: CalendarDate,
  statute: StatuteConfig,
): Result<CalendarDate> {
  const start = businessYearStartOf(assemblyDate, statute.convening.businessYearStart);
  const limit = addMonths(start, 6);
  if (assemblyDate >= limit) {
    return fail(
      'convening.annual_assembly_outside_first_half',
      'The annual assembly must be held by month six.',
      {
        businessYearStart: start,
        latest: limit,
      },
    );
  }
  return ok(assemblyDate);
}

/** R19, §59(1): a pending audit report must be an item of the next assembly's agenda. */
export function checkAuditReportItem(
  agenda: readonly { readonly isAuditReport?: boolean }[],
  auditReportPending: boolean,
): Result<true> {
  if (auditReportPending && !agenda.some((item) => item.isAuditReport === true)) {
    return fail(
      'convening.audit_report_missing',
      'The audit report is an item of the next assembly (§59(1)).',
    );
  }
  return ok(true);
}
