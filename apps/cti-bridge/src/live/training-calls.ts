import { DomainError, IVR_VARS, normalizePhone, PBX_DEFAULTS, type PhoneOptions } from '@donorline/domain';
import type { AgentService } from '../agents/agent-service.js';
import type { SimControl } from '../pbx/sim-control.js';

export interface TrainingCallRequest {
  donorId?: number;
  number?: string;
  callerName?: string;
  via: 'ivr' | 'queue';
  dtmf?: string;
}

/**
 * Training mode (simulated PBX only): a simulated donor calls the hotline — straight into the queue or through
 * the IVR with scripted key presses — and the trainee's own phone is tried first, so the call reaches them.
 */
export class TrainingCalls {
  constructor(
    private readonly d: {
      sim: SimControl;
      agents: AgentService;
      donors: { dialNumber(id: number, phoneId?: number): Promise<string>; summary(id: number): Promise<{ name: string }> };
      phone: PhoneOptions;
      hotline?: string;
      directQueue?: string;
    },
  ) {}

  async placeCall(user: { userId: number }, req: TrainingCallRequest): Promise<{ callId: string }> {
    const seat = this.d.agents.seatOf(user.userId);
    if (!seat) throw new DomainError('NOT_LOGGED_IN', '请先登录座席再发起培训来电 / log in to a seat before a training call');
    let raw: string;
    let name = req.callerName ?? '';
    if (req.donorId !== undefined && req.donorId !== null) {
      raw = await this.d.donors.dialNumber(req.donorId);
      if (!req.callerName) name = (await this.d.donors.summary(req.donorId)).name;
    } else if (req.number) raw = req.number;
    else throw new DomainError('VALIDATION_FAILED', '请选择演示献血者或输入号码 / give donorId or number');
    const n = normalizePhone(raw, this.d.phone);
    const from = n?.national ?? raw.replace(/[^\d+]/g, '');
    if (!/^\+?\d{3,20}$/.test(from)) throw new DomainError('INVALID_PHONE', '号码无效 / not a valid number');
    if (req.dtmf && !/^[0-9*#]{0,32}$/.test(req.dtmf)) throw new DomainError('VALIDATION_FAILED', 'dtmf may contain 0-9 * # only');
    const to = req.via === 'ivr' ? (this.d.hotline ?? PBX_DEFAULTS.hotlineNumber) : (this.d.directQueue ?? PBX_DEFAULTS.directQueueNumber);
    const placed = await this.d.sim.placeCall({
      from,
      callerName: name,
      to,
      ...(req.dtmf ? { dtmf: req.dtmf.split('').join(',') } : {}),
      // the trainee's phone rings first (the dialplan's preferred-agent step)
      variables: { [IVR_VARS.preferredAgent]: seat.ext, [IVR_VARS.preferredSecs]: '30' },
    } as Parameters<SimControl['placeCall']>[0]);
    return { callId: placed.linkedid };
  }
}
