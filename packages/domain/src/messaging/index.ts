export * from './sms-templates.js';
export * from './sms-reply.js';
export * from './quiet-hours.js';
export * from './sms.types.js';
