// The speakers' list (Redeliste): the member's own request and the chair's controls. Every type
// is the API's own, from @plenum/contracts.
import type { MySpeakRequest, SpeakerEntry, SpeakersView } from '@plenum/contracts';
import { get, send } from './client';

export type { LiveSpeakers, MySpeakRequest, SpeakerEntry, SpeakersView } from '@plenum/contracts';

const enc = encodeURIComponent;
const base = (assemblyId: string) => `/api/assemblies/${enc(assemblyId)}/speakers`;

export const speakersApi = {
  mine: (assemblyId: string) => get<MySpeakRequest>(`${base(assemblyId)}/mine`),
  request: (assemblyId: string, pointOfOrder: boolean) =>
    send<MySpeakRequest>(`${base(assemblyId)}/mine`, pointOfOrder ? { pointOfOrder: true } : {}),
  withdraw: (assemblyId: string) => send<MySpeakRequest>(`${base(assemblyId)}/mine`, undefined, 'DELETE'),
  view: (assemblyId: string) => get<SpeakersView>(base(assemblyId)),
  next: (assemblyId: string) => send<SpeakersView>(`${base(assemblyId)}/next`),
  call: (assemblyId: string, entry: SpeakerEntry) =>
    send<SpeakersView>(`${base(assemblyId)}/call`, { requestId: entry.requestId }),
  startTimer: (assemblyId: string, seconds: number) =>
    send<SpeakersView>(`${base(assemblyId)}/timer/start`, { seconds }),
  stopTimer: (assemblyId: string) => send<SpeakersView>(`${base(assemblyId)}/timer/stop`),
  close: (assemblyId: string) => send<SpeakersView>(`${base(assemblyId)}/close`),
  reopen: (assemblyId: string) => send<SpeakersView>(`${base(assemblyId)}/reopen`),
};
