// Motions from the floor: the member's own motions and the chair's panel. Every type is the API's
// own, from @plenum/contracts.
import type {
  FloorMotionList,
  FloorMotionView,
  PutToVoteResult,
  SubmitFloorMotionBody,
} from '@plenum/contracts';
import { get, send } from './client';

export type {
  FloorMotionList,
  FloorMotionRef,
  FloorMotionView,
  SubmitFloorMotionBody,
} from '@plenum/contracts';

const enc = encodeURIComponent;
const base = (assemblyId: string) => `/api/assemblies/${enc(assemblyId)}/floor-motions`;

export const floorMotionsApi = {
  mine: (assemblyId: string) => get<FloorMotionList>(`${base(assemblyId)}/mine`),
  submit: (assemblyId: string, body: SubmitFloorMotionBody) => send<FloorMotionView>(base(assemblyId), body),
  list: (assemblyId: string) => get<FloorMotionList>(base(assemblyId)),
  admit: (assemblyId: string, motionId: string, reach: number) =>
    send<FloorMotionView>(`${base(assemblyId)}/${enc(motionId)}/admit`, { reach }),
  reject: (assemblyId: string, motionId: string, reason: string) =>
    send<FloorMotionView>(`${base(assemblyId)}/${enc(motionId)}/reject`, { reason }),
  putNext: (assemblyId: string) => send<PutToVoteResult>(`${base(assemblyId)}/vote`),
  record: (assemblyId: string, motionId: string, amendedText?: string) =>
    send<FloorMotionView>(
      `${base(assemblyId)}/${enc(motionId)}/result`,
      amendedText === undefined ? {} : { amendedText },
    ),
};
