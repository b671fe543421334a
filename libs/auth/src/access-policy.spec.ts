import { REQUIRED_ROLES } from './internal-auth.guard';
import {
  AccessDeniedError,
  AccessRule,
  assertMayAct,
  Permit,
  POLICY_ACTION,
  rolesAllowed,
  type AccessPolicy,
} from './access-policy';

const POLICY = {
  'entry.edit': { anyone: ['firm-admin', 'billing'], own: ['attorney', 'paralegal', 'billing'] },
  'entry.approve': { anyone: ['firm-admin', 'attorney'], selfApproval: ['firm-admin'] },
} as const satisfies AccessPolicy;

const refusal = (run: () => void): AccessDeniedError | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof AccessDeniedError) return error;
    throw error;
  }
};

describe('access policy', () => {
  it('admits the anyone and own roles at the door, each once', () => {
    expect(rolesAllowed(POLICY['entry.edit']).sort()).toEqual([
      'attorney',
      'billing',
      'firm-admin',
      'paralegal',
    ]);
  });

  it('puts the action and its roles on the handler', () => {
    class Controller {
      @Permit(POLICY, 'entry.approve')
      approve(): void {}
    }
    const handler = Object.getOwnPropertyDescriptor(Controller.prototype, 'approve')?.value as object;
    expect(Reflect.getMetadata(POLICY_ACTION, handler)).toBe('entry.approve');
    expect(Reflect.getMetadata(REQUIRED_ROLES, handler)).toEqual(['firm-admin', 'attorney']);
  });

  it("refuses an own-only role on someone else's record with not_own_record", () => {
    const error = refusal(() => assertMayAct({ roles: ['paralegal'] }, POLICY, 'entry.edit', false));
    expect(error).toMatchObject({ rule: AccessRule.NotOwnRecord, code: 'not_own_record', kind: 'forbidden' });
    expect(error?.extensions).toEqual({ action: 'entry.edit' });
  });

  it('lets an own-only role act on its own record and an anyone role on any', () => {
    expect(refusal(() => assertMayAct({ roles: ['paralegal'] }, POLICY, 'entry.edit', true))).toBeUndefined();
    expect(
      refusal(() => assertMayAct({ roles: ['firm-admin'] }, POLICY, 'entry.edit', false)),
    ).toBeUndefined();
  });

  it('refuses approving your own record unless your role may self-approve', () => {
    const own = (roles: string[]) =>
      refusal(() => assertMayAct({ roles }, POLICY, 'entry.approve', true, { approval: true }));
    expect(own(['attorney'])).toMatchObject({ code: 'own_approval' });
    expect(own(['firm-admin'])).toBeUndefined();
    expect(
      refusal(() =>
        assertMayAct({ roles: ['attorney'] }, POLICY, 'entry.approve', false, { approval: true }),
      ),
    ).toBeUndefined();
  });

  it('refuses a role the permission does not name, on an own record too', () => {
    expect(refusal(() => assertMayAct({ roles: ['read-only'] }, POLICY, 'entry.edit', true))).toMatchObject({
      code: 'not_own_record',
    });
  });
});
