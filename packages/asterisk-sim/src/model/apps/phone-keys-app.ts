/**
 * res_pjsip_notify's `PJSIPNotify(to,option)` as the donorline dialplan uses it ([dl-phone-keys]): a SIP NOTIFY to an
 * agent phone's contact, with an option of pjsip_notify.conf (`talk` — answer / resume, `hold` — hold). The
 * simulated phones honour it as phones with remote control enabled (Yealink, Fanvil, Snom…) do: `talk` answers a
 * ringing call or takes the call off hold, `hold` puts the active call on hold. Without a contact (the phone is not
 * registered) nothing is sent, as `${PJSIP_AOR(ext,contact)}` is then empty.
 */
import type { DialplanApp } from '../services.js';
import { splitArgs } from '../expressions.js';

/** `${PJSIP_AOR(8001,contact)}` → the contact id of a registered simulated phone; `PJSIP_CONTACT(id,uri)` → its URI. */
export function pjsipContactFunction(name: string, arg: string, registered: (ext: string) => boolean): string | undefined {
  const [first = '', field = ''] = splitArgs(arg).map((s) => s.trim());
  if (name === 'PJSIP_AOR' && field === 'contact') return registered(first) ? `${first};@sim` : '';
  if (name === 'PJSIP_CONTACT' && field === 'uri') {
    const ext = /^(\w+);@/.exec(first)?.[1];
    return ext ? `sip:${ext}@127.0.0.1:5060` : '';
  }
  return undefined;
}

export const pjsipNotifyApp: DialplanApp = async (sim, _ch, data) => {
  const [to = '', option = ''] = splitArgs(data).map((s) => s.trim());
  const ext = /^sip:(\w+)@/.exec(to)?.[1];
  if (!ext) {
    sim.engine.log.warn('PJSIPNotify requires arguments (to, &header=...)');
    return -1;
  }
  const phone = sim.devices.phone(ext);
  if (!phone?.registered) return 0;
  sim.observer.emit('device:notify', { ext, event: option });
  // a phone without remote control answers the NOTIFY and does nothing
  if (!phone.remoteControl) return 0;
  if (option === 'talk') {
    if (sim.devices.ringingOf(ext).length) sim.devices.answer(ext);
    else if (phone.onHold) sim.devices.hold(ext, false);
  } else if (option === 'hold') sim.devices.hold(ext, true);
  return 0;
};
