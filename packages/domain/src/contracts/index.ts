export * from './ack.js';
export * from './dto.js';
export * from './pop.js';
export * from './socket.js';
export * from './softphone.js';
export * from './http.js';
export * from './staff.js';
export * from './sites.js';
