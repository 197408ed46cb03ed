export * from './feed-model.js';
export * from './feed-window.js';
export * from './shift-text.js';
export * from './render-feed.js';
export * from './conditional.js';
