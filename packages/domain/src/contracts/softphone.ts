/**
 * GET /api/softphone — the desk's WebRTC softphone for the signed-in agent's seat. `webrtc`: register to Asterisk
 * over WSS with these credentials (only the agent seated at that extension gets them); `training`: the simulated PBX
 * — the same softphone panel drives the simulated phone through the desk's call commands; `none`: the seat is a
 * hard phone (the desk still answers/holds through the PBX where the phone allows it).
 */
export type SoftphoneConfig =
  | { mode: 'webrtc'; extension: string; wsUrl: string; uri: string; authorizationUser: string; password: string; iceServers: string[] }
  | { mode: 'training'; extension: string | null }
  | { mode: 'none'; extension: string | null; seats: string | null };
