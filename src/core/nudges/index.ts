export * from './policy.ts';
export * from './window.ts';
