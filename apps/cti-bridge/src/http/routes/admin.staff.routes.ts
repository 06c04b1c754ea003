/**
 * Administration → Staff (admin only): list, create, edit, disable, reset passwords, set IVR PINs, end sessions.
 * The domain (StaffService) validates and audits old → new in one transaction; this layer makes the change take
 * effect at once: a disabled or re-roled account's sessions end (its sockets close within the second), its seat is
 * freed; a password reset ends its sessions; taking an extension away frees a seat held there.
 */
import { Type } from '@fastify/type-provider-typebox';
import { IVR_PIN_MAX, IVR_PIN_MIN, SEAT_ROLES, STAFF_PASSWORD_MIN, STAFF_ROLES, type HttpApi, type StaffDto } from '@donorline/domain';
import type { StaffChange, StaffRecord } from '@donorline/domain/node';
import { userOf } from '../../auth/auth.hook.js';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, IdParams } from '../schemas/common.schemas.js';
import { PasswordBodyS, PinBodyS, StaffCreateS, StaffDtoS, StaffOptionsS, StaffUpdateS } from '../schemas/staff.schemas.js';
import { RoleS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['staff'];

export function adminStaffRoutes(app: Api, deps: HttpDeps): void {
  const { staff } = deps.services;
  const policy = { queues: deps.config.pbx.queues };
  const dto = (s: StaffRecord): StaffDto => ({ ...s, seat: deps.seats?.seatOf(s.id) ?? null });

  /** Makes a change take effect on sessions and seats (this instance at once; others at their next re-check). */
  async function apply(c: StaffChange): Promise<void> {
    const { after, changed } = c;
    if (changed.includes('active') && !after.active) await deps.auth.endSessions(after.id, 'disabled', 'free');
    else if (changed.includes('role')) await deps.auth.endSessions(after.id, 'role-changed', 'free');
    else if (changed.length) deps.auth.announce({ userId: after.id, reason: 'updated', endSession: false, seat: 'recheck' });
  }

  app.get('/api/admin/staff', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '员工列表 / staff list',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 64 })), role: Type.Optional(RoleS), active: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Array(StaffDtoS), ...errors(400, 401, 403) },
    },
  }, async (req): R<'GET /api/admin/staff'> => (await staff.list(req.query)).map(dto));

  app.get('/api/admin/staff/options', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '可选角色与队列 / roles and queues to choose from', response: { 200: StaffOptionsS, ...errors(401, 403) } },
  }, async (): R<'GET /api/admin/staff/options'> => ({
    roles: [...STAFF_ROLES], seatRoles: [...SEAT_ROLES], queues: [...deps.config.pbx.queues], passwordMinLength: STAFF_PASSWORD_MIN, pin: { minLength: IVR_PIN_MIN, maxLength: IVR_PIN_MAX },
  }));

  app.post('/api/admin/staff', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '新建员工 / create a staff account',
      description: `User name: letters, digits, _ . - (stored canonical, lower case). Password: at least ${STAFF_PASSWORD_MIN} characters. Extensions: the seats this person may take (2–8 digits; the first is their usual one). Queues: the skills their seat joins (null = QUEUES). Audited as user.create (never the password).`,
      body: StaffCreateS,
      response: { 200: StaffDtoS, ...errors(400, 401, 403, 409) },
    },
  }, async (req): R<'POST /api/admin/staff'> => dto(await staff.create(req.body, userOf(req).userId, policy)));

  app.patch('/api/admin/staff/:id', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '修改员工 / edit (or disable) a staff account',
      description: 'Any of displayName, role, employeeNo, extensions, queues, active. Disabling or changing the role ends the account\'s sessions and frees its seat at once; taking away the extension it sits at frees the seat. Audited with old → new values (user.update / user.disable / user.enable).',
      params: IdParams, body: StaffUpdateS,
      response: { 200: StaffDtoS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PATCH /api/admin/staff/:id'> => {
    const c = await staff.update(req.params.id, req.body, userOf(req).userId, policy);
    await apply(c);
    return dto(c.after);
  });

  app.post('/api/admin/staff/:id/password', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '重置密码 / reset the password',
      description: 'Sets a new password and ends every session of the account (its desks must sign in again). Audited as user.password-reset, without the value.',
      params: IdParams, body: PasswordBodyS,
      response: { 200: StaffDtoS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'POST /api/admin/staff/:id/password'> => {
    const s = await staff.resetPassword(req.params.id, req.body.password, userOf(req).userId);
    await deps.auth.endSessions(s.id, 'password-reset', 'keep');
    return dto(s);
  });

  app.put('/api/admin/staff/:id/ivr-pin', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '设置质检回放 PIN / set the IVR PIN',
      description: `The PIN of the IVR quality dial-in (工号 + PIN): ${IVR_PIN_MIN}–${IVR_PIN_MAX} digits, not repeated or consecutive digits, not the 工号; quality, supervisor and admin accounts only. Lifts a lock-out. Never returned or logged; audited as user.ivr-pin.`,
      params: IdParams, body: PinBodyS,
      response: { 200: StaffDtoS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'PUT /api/admin/staff/:id/ivr-pin'> => dto(await staff.setIvrPin(req.params.id, req.body.pin, userOf(req).userId)));

  app.delete('/api/admin/staff/:id/ivr-pin', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '清除质检回放 PIN / remove the IVR PIN', params: IdParams, response: { 200: StaffDtoS, ...errors(401, 403, 404) } },
  }, async (req): R<'DELETE /api/admin/staff/:id/ivr-pin'> => dto(await staff.clearIvrPin(req.params.id, userOf(req).userId)));

  app.post('/api/admin/staff/:id/sessions/revoke', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '结束全部登录 / end every session',
      description: 'Every signed-in desk of this account is signed out (its seat stays). Audited as user.sessions-revoke.',
      params: IdParams, response: { 200: Type.Object({ revoked: Type.Integer() }), ...errors(401, 403, 404) },
    },
  }, async (req): R<'POST /api/admin/staff/:id/sessions/revoke'> => {
    const s = await staff.get(req.params.id);
    const revoked = await deps.auth.endSessions(s.id, 'revoked', 'keep');
    await deps.services.audit.write({ actorId: userOf(req).userId, action: 'user.sessions-revoke', subjectType: 'user', subjectId: s.id, detail: { revoked }, ip: req.ip });
    return { revoked };
  });
}
