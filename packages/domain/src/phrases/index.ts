/** Standard phrases (规范用语): the placeholder vocabulary, filling, checking and versioned scripts. Browser-safe. */
export * from './placeholders.js';
export * from './phrase-text.js';
export * from './phrase-facts.js';
export * from './phrase-script.js';
export * from './default-scripts.js';
export * from './legacy.js';
