export { startSmsSim, type SmsSim, type SmsSimOptions } from './server.js';
export { checkFaults, NO_FAULTS, type FaultConfig } from './faults.js';
export { cnTime, type ReportItem, type UpItem } from './pushes.js';
export { percentEncode, rpcSignature, rpcStringToSign } from './rpc-signature.js';
export { tc3CanonicalRequest, tc3Signature, verifyTc3, type Tc3Request } from './tc3-signature.js';
export { smsFee, type PullReplyItem, type PullStatusItem, type TencentSimOptions } from './tencent.js';
export type { SimMessage, SimReply } from './store.js';
export type { SmppFrontDoor, SmppSimOptions } from './smpp-server.js';
