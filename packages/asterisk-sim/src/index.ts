export { startSimulator, Simulator, SimError, ASTERISK_VERSION } from './simulator.js';
export type { DeviceHandle, DeviceState } from './simulator.js';
export type { SimulatorOptions } from './simulator-types.js';
export type { PlaceCallOptions, PlacedCall, CallState, DtmfStep } from './model/calls.js';
export type { DonorBehaviour } from './model/devices.js';
export type { LoadScenario, LoadStats } from './control/load-runner.js';
export type { Distribution } from './control/distribution.js';
export type { ProfileName } from './model/profiles.js';
export { consoleLogger, silentLogger, type SimLogger } from './core/logger.js';
