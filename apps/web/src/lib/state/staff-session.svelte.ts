import { ApiError } from '$lib/api';
import { type CurrentUser, type StaffRole, staffApi } from '$lib/api/staff';

export type StaffUser = Extract<CurrentUser, { kind: 'staff' }>;

export type SessionView =
  | { readonly kind: 'checking' }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'forbidden'; readonly user: CurrentUser }
  | { readonly kind: 'ok'; readonly user: StaffUser }
  | { readonly kind: 'error'; readonly message: string };

/** Who is logged in, and whether their staff role may see a screen (admin passes every check). */
export class StaffSession {
  view = $state<SessionView>({ kind: 'checking' });
  readonly roles: readonly StaffRole[];

  constructor(roles: readonly StaffRole[]) {
    this.roles = roles;
  }

  get user(): StaffUser | null {
    return this.view.kind === 'ok' ? this.view.user : null;
  }

  async check(): Promise<void> {
    this.view = { kind: 'checking' };
    try {
      const user = await staffApi.me();
      if (user.kind === 'staff' && (user.role === 'admin' || this.roles.includes(user.role))) {
        this.view = { kind: 'ok', user };
      } else {
        this.view = { kind: 'forbidden', user };
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.view = { kind: 'anonymous' };
      else this.view = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }

  async logout(): Promise<void> {
    try {
      await staffApi.logout();
    } finally {
      this.view = { kind: 'anonymous' };
    }
  }
}
