import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATUTE,
  isActiveGrant,
  type ProxyContext,
  type ProxyGrant,
  revokeProxy,
  type StatuteConfig,
  validateProxyGrant,
} from '../src/index.ts';
import { grant, member, NOW, statute } from './support.ts';

function context(
  g: ProxyGrant,
  grants: ProxyGrant[] = [],
  config: StatuteConfig = DEFAULT_STATUTE,
): ProxyContext {
  return {
    principal: member(g.principalId),
    holderMember: g.holder.isMember ? member(g.holder.id) : undefined,
    grants,
    statute: config,
    now: NOW,
  };
}

function reasonOf(g: ProxyGrant, ctx: ProxyContext = context(g)): string {
  const result = validateProxyGrant(g, ctx);
  return result.ok ? 'ok' : result.reason;
}

describe('R7: at most two principals per holder, plus their own vote', () => {
  it('R7: a third proxy for the same holder is rejected', () => {
    const held = [grant('a', 'h'), grant('b', 'h')];
    const third = grant('c', 'h');
    const result = validateProxyGrant(third, context(third, held));
    expect(result).toMatchObject({
      ok: false,
      reason: 'proxy.holder_cap_reached',
      details: { max: 2, held: 2 },
    });
  });

  it('R7: a second proxy is accepted; a revoked one frees the place', () => {
    expect(reasonOf(grant('b', 'h'), context(grant('b', 'h'), [grant('a', 'h')]))).toBe('ok');
    const third = grant('c', 'h');
    expect(reasonOf(third, context(third, [grant('a', 'h'), grant('b', 'h', { revokedAt: NOW })]))).toBe(
      'ok',
    );
  });

  it.each<[0 | 1 | 2, number, string]>([
    [1, 1, 'proxy.holder_cap_reached'],
    [1, 0, 'ok'],
    [0, 0, 'proxy.not_permitted_by_statute'],
  ])('C3: with a cap of %i and %i held, the next grant gives %s', (max, held, expected) => {
    const config = statute({ proxies: { maxPrincipalsPerHolder: max } });
    const existing = Array.from({ length: held }, (_, i) => grant(`p${i}`, 'h'));
    const g = grant('x', 'h');
    expect(reasonOf(g, context(g, existing, config))).toBe(expected);
  });

  it('R7: re-validating a grant already on file does not count it twice', () => {
    const a = grant('a', 'h');
    const b = grant('b', 'h');
    expect(reasonOf(b, context(b, [a, b]))).toBe('ok');
  });
});

describe('R6: proxy form and document', () => {
  const written = statute({ proxies: { form: 'written' } });
  it.each<[string, Partial<ProxyGrant>, StatuteConfig, string]>([
    ['a text-form proxy under the default statute', {}, DEFAULT_STATUTE, 'ok'],
    ['a text-form proxy where the statute demands written form', {}, written, 'proxy.form_insufficient'],
    ['a signed proxy where the statute demands written form', { form: 'written' }, written, 'ok'],
    ['a proxy without a stored document', { documentHash: '  ' }, DEFAULT_STATUTE, 'proxy.document_missing'],
  ])('R6: %s gives %s', (_title, extra, config, expected) => {
    const g = grant('a', 'h', extra);
    expect(reasonOf(g, context(g, [], config))).toBe(expected);
  });
});

describe('R8: proxies are refused only for legal reasons, each with a code', () => {
  it('R8: a proxy limited to particular items is refused', () => {
    const g = grant('a', 'h', { scope: { itemIds: ['top-3'] } });
    expect(validateProxyGrant(g, context(g))).toMatchObject({ ok: false, reason: 'proxy.limited_to_items' });
  });

  it.each<[string, (g: ProxyGrant) => ProxyContext, string]>([
    [
      'the principal is unknown',
      (g) => ({ ...context(g), principal: undefined }),
      'proxy.principal_not_eligible',
    ],
    [
      'the principal was expelled',
      (g) => ({ ...context(g), principal: member('a', { expulsionLetterSentAt: '2025-01-01T00:00:00Z' }) }),
      'proxy.principal_not_eligible',
    ],
    [
      'the holder member was expelled',
      (g) => ({
        ...context(g),
        holderMember: member('h', { expulsionLetterSentAt: '2025-01-01T00:00:00Z' }),
      }),
      'proxy.holder_not_eligible',
    ],
    [
      'the holder member record is missing',
      (g) => ({ ...context(g), holderMember: undefined }),
      'proxy.holder_not_eligible',
    ],
    [
      'the deadline has passed',
      (g) => ({ ...context(g), deadline: '2025-06-14T09:00:00Z' }),
      'proxy.deadline_passed',
    ],
    ['the deadline has not passed', (g) => ({ ...context(g), deadline: '2025-06-14T10:00:00Z' }), 'ok'],
  ])('R8: when %s, then the result is %s', (_title, ctx, expected) => {
    const g = grant('a', 'h');
    expect(reasonOf(g, ctx(g))).toBe(expected);
  });

  it('R8: a member cannot hold their own proxy', () => {
    const g = grant('a', 'a');
    expect(reasonOf(g)).toBe('proxy.self_grant');
  });

  it('R8: a principal already represented must revoke first', () => {
    const g = grant('a', 'h2');
    expect(reasonOf(g, context(g, [grant('a', 'h1')]))).toBe('proxy.principal_already_represented');
  });
});

describe('R7: no chains', () => {
  it.each<[string, ProxyGrant[]]>([
    ['the holder has granted their own proxy', [grant('h', 'z')]],
    ['the principal holds proxies for others', [grant('y', 'a')]],
  ])('R7: a grant is refused when %s', (_title, existing) => {
    const g = grant('a', 'h');
    expect(reasonOf(g, context(g, existing))).toBe('proxy.chain_not_allowed');
  });
});

describe('R9: statute limits on who may hold a proxy', () => {
  const relatives = statute({ proxies: { eligibleHolders: 'members_spouses_relatives' } });
  const professionals = statute({ proxies: { allowProfessionalHolders: true } });
  it.each<[string, ProxyGrant['holder'], StatuteConfig, string]>([
    ['a member holder', { id: 'h', isMember: true }, DEFAULT_STATUTE, 'ok'],
    [
      'a spouse under members-only',
      { id: 's', isMember: false, relationToPrincipal: 'spouse' },
      DEFAULT_STATUTE,
      'proxy.holder_not_member',
    ],
    [
      'a spouse where relatives may hold',
      { id: 's', isMember: false, relationToPrincipal: 'spouse' },
      relatives,
      'ok',
    ],
    [
      'a relative where relatives may hold',
      { id: 's', isMember: false, relationToPrincipal: 'relative' },
      relatives,
      'ok',
    ],
    [
      'a stranger where relatives may hold',
      { id: 's', isMember: false, relationToPrincipal: null },
      relatives,
      'proxy.holder_not_member',
    ],
    [
      'a professional proxy by default',
      { id: 'h', isMember: true, professional: true },
      DEFAULT_STATUTE,
      'proxy.professional_holder_not_allowed',
    ],
    [
      'a professional proxy where allowed',
      { id: 'h', isMember: true, professional: true },
      professionals,
      'ok',
    ],
  ])('R9: %s gives %s', (_title, holder, config, expected) => {
    const g = grant('a', holder.id, { holder });
    expect(reasonOf(g, context(g, [], config))).toBe(expected);
  });
});

describe('proxy revocation', () => {
  it.each<[string, string, string]>([
    ['the principal', 'a', 'ok'],
    ['the holder', 'h', 'ok'],
    ['a third person', 'x', 'proxy.revocation_not_by_party'],
  ])('R8: revocation by %s gives %s', (_title, by, expected) => {
    const result = revokeProxy(grant('a', 'h'), { grantId: 'g', byPersonId: by, at: NOW });
    expect(result.ok ? 'ok' : result.reason).toBe(expected);
    if (result.ok) {
      expect(result.value.revokedAt).toBe(NOW);
      expect(isActiveGrant(result.value)).toBe(false);
    }
  });

  it('R8: a revoked proxy cannot be revoked again', () => {
    expect(
      revokeProxy(grant('a', 'h', { revokedAt: NOW }), { grantId: 'g', byPersonId: 'a', at: NOW }),
    ).toMatchObject({
      ok: false,
      reason: 'proxy.already_revoked',
    });
  });
});
