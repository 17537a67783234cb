import { Api, type Seeded, seedAssembly } from './api.ts';
import { type RunningServer, startServer } from './server.ts';

export interface SeededServer {
  readonly server: RunningServer;
  /** The admin's API session. */
  readonly api: Api;
  readonly seed: Seeded;
}

/**
 * The setup every browser suite shares: the real server on a fresh database, the admin logged in
 * over the API, and one seeded assembly (see seedAssembly). Stops the server if seeding fails.
 */
export async function startSeeded(
  adminUrl: string,
  title?: string,
  stage: 'preparation' | 'open' = 'open',
): Promise<SeededServer> {
  const server = await startServer(adminUrl);
  try {
    const api = new Api(server.baseUrl);
    await api.loginStaff(server.admin.username, server.admin.password);
    const seed = await seedAssembly(api, title, stage);
    return { server, api, seed };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Checks a member in at the desk (room) or as online attendance, through the API. */
export async function checkIn(
  api: Api,
  seed: Seeded,
  member: { readonly number: string },
  channel: 'room' | 'online' = 'room',
): Promise<void> {
  await api.call('POST', `/api/assemblies/${seed.assemblyId}/attendance/check-in`, {
    memberNumber: member.number,
    channel,
  });
}
