/**
 * Identity check before personal data is told: the caller's number must belong to a donor, and the caller proves
 * who they are with the last four characters of the national ID (an X keyed as * or 0) or the birth date
 * (YYYYMMDD, chosen with # alone). Three tries. On a shared (family) number the digits pick the donor; if they
 * still match several, the birth date decides.
 */
import { isLocalDate, type LocalDate } from '@donorline/domain';
import type { IdentityProof } from '../backend/ivr-backend.js';
import type { FlowContext } from '../runtime/flow-context.js';
import { agentAvailability } from './service-hours.js';
import type { FlowDeps, Next } from './flow-deps.js';

const TRIES = 3;

function birthDate(digits: string): LocalDate | null {
  if (!/^\d{8}$/.test(digits)) return null;
  const d = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  return isLocalDate(d) ? d : null;
}

async function askBirthDate(ctx: FlowContext): Promise<LocalDate | null> {
  const r = await ctx.gather({ prompt: ['id-enter-birth'], maxDigits: 8, terminator: '#', retries: 0, valid: (d) => birthDate(d) !== null });
  return r.status === 'ok' ? birthDate(r.digits) : null;
}

/** True when the caller is verified (findings.donorId set); false after the tries are used up. */
export async function ensureIdentity(ctx: FlowContext, deps: FlowDeps): Promise<boolean> {
  const f = ctx.findings;
  if (f.verified && f.donorId !== null) return true;
  ctx.step('identity');
  const candidates = await deps.backend.findDonorIdsByPhone(ctx.caller.number);
  if (candidates.length === 0) {
    await ctx.say('id-unknown-number');
    ctx.step('identity:unknown-number');
    return false;
  }
  f.candidates = candidates;
  await ctx.say('id-intro');
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const r = await ctx.gather({
      prompt: ['id-enter-last4'],
      maxDigits: 4,
      terminator: '#',
      retries: 0,
      valid: (d) => d === '' || /^\d{3}[\d*]$/.test(d),
    });
    let proof: IdentityProof | null = null;
    if (r.status === 'ok' && r.digits === '') {
      const birth = await askBirthDate(ctx);
      if (birth) proof = { kind: 'birth-date', value: birth };
    } else if (r.status === 'ok') {
      proof = { kind: 'id-last4', value: r.digits };
    }
    if (proof) {
      let matches = await deps.backend.verifyIdentity(candidates, proof);
      if (matches.length > 1 && proof.kind === 'id-last4') {
        // a family phone where two donors share the last four: the birth date decides
        const birth = await askBirthDate(ctx);
        matches = birth ? await deps.backend.verifyIdentity(matches, { kind: 'birth-date', value: birth }) : [];
        if (matches.length === 1) proof = { kind: 'birth-date', value: birth! };
      }
      if (matches.length === 1) {
        f.donorId = matches[0]!;
        f.verified = true;
        f.verifiedBy = proof.kind;
        f.candidates = [];
        ctx.step(`identity:ok`);
        await ctx.say('id-ok');
        return true;
      }
    }
    if (attempt < TRIES) await ctx.say('id-no-match');
  }
  ctx.step('identity:failed');
  await ctx.say('id-failed');
  return false;
}

/** After a failed check: an agent (in hours) or back to the menu. */
export async function afterIdentityFailed(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  if (!agentAvailability(ctx.now(), deps.hours).open) return 'menu';
  const k = await ctx.menu(['id-offer-agent'], ['0', '*']);
  return k === '0' ? 'agent' : 'menu';
}
