export * from './voice-reply.types.js';
